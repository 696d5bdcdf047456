package org.fundcheck.report.dossier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fundcheck.FundcheckErrors;

/** The two files of a dossier in one folder: {@code dossier-UNIT.xlsx} and {@code dossier-UNIT.html} (ASCII names travel safely between systems). */
public record DossierPack(Path workbook, Path page) {

  /** Writes both files of the dossier into a folder (created if absent). */
  public static DossierPack write(Dossier dossier, Path dir) {
    String base = "dossier-" + dossier.unitCode().replaceAll("[^0-9A-Za-z_-]", "_");
    DossierPack pack = new DossierPack(dir.resolve(base + ".xlsx"), dir.resolve(base + ".html"));
    try {
      Files.createDirectories(dir);
      DossierWorkbook.write(dossier, pack.workbook());
      DossierPage.write(dossier, pack.page());
    } catch (IOException e) {
      throw FundcheckErrors.cannotWriteDossier(dir.toString(), e);
    }
    return pack;
  }
}
