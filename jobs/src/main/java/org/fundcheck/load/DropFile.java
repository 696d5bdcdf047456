package org.fundcheck.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.Storage;

/** One file of a drop, matched to its contract entry: {@code name.csv} or, in its place, {@code name.xlsx}. */
public record DropFile(FileSpec spec, InputFile file) {

  public String fileName() {
    return file.name();
  }

  public boolean isXlsx() {
    return fileName().endsWith(".xlsx");
  }

  /** The file as messages name it. */
  public String location() {
    return file.location();
  }

  /**
   * The contract's files present in a drop folder, in the contract's load order. Files the contract does
   * not name (a manifest, a readme) are not part of the drop and are left alone.
   */
  public static List<DropFile> find(String dir, Configuration conf) throws IOException {
    if (!isFolder(dir, conf)) {
      throw FundcheckErrors.missingInputFolder(dir);
    }
    List<DropFile> found = new ArrayList<>();
    for (FileSpec spec : InputContract.get().files()) {
      List<String> names = namesOf(spec);
      InputFile csv = InputFile.at(Storage.join(dir, names.get(0)), conf);
      InputFile xlsx = InputFile.at(Storage.join(dir, names.get(1)), conf);
      boolean hasCsv = csv.isFile();
      boolean hasXlsx = xlsx.isFile();
      if (hasCsv && hasXlsx) {
        throw FundcheckErrors.csvAndXlsx(dir, spec.name());
      }
      if (hasCsv || hasXlsx) {
        found.add(new DropFile(spec, hasCsv ? csv : xlsx));
      }
    }
    if (found.isEmpty()) {
      throw FundcheckErrors.emptyDrop(
          dir, InputContract.get().files().stream().map(FileSpec::name).toList());
    }
    return found;
  }

  /** The names a contract file may have in a drop: CSV first, then xlsx. */
  public static List<String> namesOf(FileSpec spec) {
    return List.of(spec.name() + ".csv", spec.name() + ".xlsx");
  }

  /** Whether a drop folder is there, on whichever file system it is kept. */
  public static boolean isFolder(String dir, Configuration conf) throws IOException {
    FileSystem fs = Storage.fileSystem(dir, conf);
    try {
      FileStatus status = fs.getFileStatus(Storage.path(dir));
      return status.isDirectory();
    } catch (java.io.FileNotFoundException absent) {
      return false;
    }
  }
}
