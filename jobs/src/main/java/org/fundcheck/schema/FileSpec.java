package org.fundcheck.schema;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One file of a drop: its base name (the file is {@code name.csv} or {@code name.xlsx}), columns in
 * contract order, key, row rules and the column that dates a row for the as_of cut.
 */
public record FileSpec(
    String name, String title, List<String> key, Optional<String> rowDate, List<ColumnSpec> columns,
    List<RowRule> rules) {

  public FileSpec {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
    rules = List.copyOf(rules);
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** The typed schema of the file's contract columns, as stored in the warehouse. */
  public StructType sparkSchema() {
    return DataTypes.createStructType(
        columns.stream()
            .map(c -> DataTypes.createStructField(c.name(), c.type().sparkType(), !key.contains(c.name())))
            .toArray(StructField[]::new));
  }
}
