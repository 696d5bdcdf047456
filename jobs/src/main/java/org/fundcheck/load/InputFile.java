package org.fundcheck.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.fundcheck.warehouse.Storage;

/**
 * A file of a drop, wherever the drop is kept (this machine's disk, HDFS, {@code s3a://}). Only the
 * driver reads it, once, so it need not be where the executors can see it.
 *
 * @param location the file as messages name it: the drop folder as given, a slash, the file's name
 */
public record InputFile(String location, FileSystem fs, Path path) {

  /** The file at a location, on the file system Spark would read it from. */
  public static InputFile at(String location, Configuration conf) {
    return new InputFile(location, Storage.fileSystem(location, conf), Storage.path(location));
  }

  /** The file's name without its folder, e.g. {@code households.csv}. */
  public String name() {
    return path.getName();
  }

  public InputStream open() throws IOException {
    return fs.open(path);
  }

  /** Whether a plain file (not a folder) is there. */
  public boolean isFile() {
    try {
      FileStatus status = fs.getFileStatus(path);
      return status.isFile();
    } catch (java.io.FileNotFoundException absent) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file on this machine's disk, or null when it is kept elsewhere. */
  public File localFile() {
    return fs instanceof RawLocalFileSystem local ? local.pathToFile(fs.makeQualified(path)) : null;
  }
}
