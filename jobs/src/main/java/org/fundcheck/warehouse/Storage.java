package org.fundcheck.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The files a run keeps beside its Delta tables (the drop it reads, the records it stages, its lock and
 * summary), reached the way Spark reaches the warehouse: through Hadoop's FileSystem, so a folder on
 * HDFS or {@code s3a://} works as a local one does. A location without a scheme is resolved as Spark
 * resolves it: against the cluster's default file system under spark-submit, this machine's disk otherwise.
 */
public final class Storage {

  private Storage() {}

  /** Whether a location names its file system ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}). */
  public static boolean hasScheme(String location) {
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }

  /** A location without trailing slashes, so children join onto it with one. */
  public static String trim(String location) {
    String s = location;
    while (s.length() > 1 && s.endsWith("/") && !s.endsWith("://")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** {@code parent/child}, kept in the form the parent was given (for paths in messages). */
  public static String join(String parent, String child) {
    return trim(parent) + "/" + child;
  }

  public static Path path(String location) {
    return new Path(location);
  }

  /**
   * The file system a location lives on. This machine's disk is reached without Hadoop's checksum layer,
   * so no {@code .crc} files appear beside a summary or a staged file.
   */
  public static FileSystem fileSystem(String location, Configuration conf) {
    try {
      FileSystem fs = path(location).getFileSystem(conf);
      return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A location in the one spelling Hadoop and Delta use for it: scheme, authority and absolute path
   * ({@code file:/srv/wh}, {@code hdfs://nn:8020/wh}). Delta takes {@code file:///srv/wh} and
   * {@code file:/srv/wh} for two different tables.
   */
  public static String qualified(String location, Configuration conf) {
    FileSystem fs = fileSystem(location, conf);
    return fs.makeQualified(path(location)).toString();
  }

  /** The folder or file on this machine's disk that a location names, or null when it is elsewhere. */
  public static java.nio.file.Path localPath(String location, Configuration conf) {
    FileSystem fs = fileSystem(location, conf);
    if (!(fs instanceof RawLocalFileSystem local)) {
      return null;
    }
    return local.pathToFile(fs.makeQualified(path(location))).toPath();
  }

  /** Writes a small text file (UTF-8), replacing it if present; parent folders are created. */
  public static void writeString(String location, String text, Configuration conf) throws IOException {
    FileSystem fs = fileSystem(location, conf);
    try (OutputStream out = fs.create(path(location), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Deletes a folder and everything in it; nothing happens if it does not exist. */
  public static void deleteRecursively(String location, Configuration conf) throws IOException {
    FileSystem fs = fileSystem(location, conf);
    Path p = path(location);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }
}
