package org.fundcheck.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;

/** One file of a drop, matched to its contract entry: {@code name.csv} or, in its place, {@code name.xlsx}. */
public record DropFile(FileSpec spec, Path path) {

  public String fileName() {
    return path.getFileName().toString();
  }

  public boolean isXlsx() {
    return fileName().endsWith(".xlsx");
  }

  /**
   * The contract's files present in a drop folder, in the contract's load order. Files the contract does
   * not name (a manifest, a readme) are not part of the drop and are left alone.
   */
  public static List<DropFile> find(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw FundcheckErrors.missingInputFolder(dir);
    }
    List<DropFile> found = new ArrayList<>();
    for (FileSpec spec : InputContract.get().files()) {
      Path csv = dir.resolve(spec.name() + ".csv");
      Path xlsx = dir.resolve(spec.name() + ".xlsx");
      boolean hasCsv = Files.isRegularFile(csv);
      boolean hasXlsx = Files.isRegularFile(xlsx);
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
}
