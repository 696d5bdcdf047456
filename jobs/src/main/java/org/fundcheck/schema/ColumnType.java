package org.fundcheck.schema;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The value types of the input contract and the Delta column type each is stored as. */
public enum ColumnType {
  /** Free text. */
  STRING(DataTypes.StringType),
  /** A reference to another file's key; never checked against that file (inputs.md). */
  REF(DataTypes.StringType),
  ENUM(DataTypes.StringType),
  /** An 18-character GB 11643 resident identity number, stored with an upper-case X. */
  ID(DataTypes.StringType),
  DATE(DataTypes.DateType),
  /** Yuan, exact: DECIMAL(18,2) from the file to every output. */
  MONEY(DataTypes.createDecimalType(18, 2)),
  INT(DataTypes.IntegerType),
  BOOL(DataTypes.BooleanType);

  private final DataType sparkType;

  ColumnType(DataType sparkType) {
    this.sparkType = sparkType;
  }

  public DataType sparkType() {
    return sparkType;
  }

  static ColumnType parse(String name) {
    return ColumnType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
