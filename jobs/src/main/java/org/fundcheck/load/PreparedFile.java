package org.fundcheck.load;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A drop file after the driver's pass over it: its encoding, header and hash checked, its records counted,
 * and its records readable by Spark as rows of {@link Staging#schema} (line, raw text, shape problem and
 * each contract column's trimmed text), to be validated in parallel.
 */
interface PreparedFile {

  DropFile source();

  /** The file's content hash, which identifies a re-delivered file. */
  String sha256();

  /** How the file was decoded, for the summary ("UTF-8", "UTF-8 (BOM)", "GB18030", "xlsx"). */
  String encoding();

  /** Records read, the header and blank lines excluded. */
  long records();

  /** The records, lazily: each Spark action over the result reads the file again. */
  Dataset<Row> read(SparkSession spark);

  /**
   * The records checked by the row rules, as {@link RowValidation#checked} gives them, lazily like
   * {@link #read}.
   */
  default Dataset<Row> checked(SparkSession spark) {
    return RowValidation.checked(read(spark), source().spec());
  }
}
