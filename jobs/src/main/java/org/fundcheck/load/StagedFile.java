package org.fundcheck.load;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A drop file the driver parsed itself (an {@code .xlsx} file, or under a cluster a CSV file on the
 * driver's own disk): decoded, split into records, checked for its header and field counts, and written as
 * JSON lines on the warehouse's file system for Spark to validate in parallel.
 *
 * @param sha256 the file's content hash, which identifies a re-delivered file
 * @param records records read (header and blank lines excluded)
 * @param staging the staged JSON lines, on the warehouse's file system
 */
public record StagedFile(DropFile source, String sha256, String encoding, long records, String staging)
    implements PreparedFile {

  @Override
  public Dataset<Row> read(SparkSession spark) {
    return spark.read().schema(Staging.schema(source.spec())).json(staging);
  }
}
