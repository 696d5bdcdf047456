package org.fundcheck.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fundcheck.report.dossier.Dossier;
import org.fundcheck.report.dossier.DossierPack;
import org.fundcheck.warehouse.SparkSessions;
import org.fundcheck.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dossier",
    description = "Write the pre-stationing dossier of a unit and every unit under it: an .xlsx workbook and a self-contained HTML page.")
final class DossierCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "the warehouse folder")
  String warehouse;

  @Option(names = "--unit", required = true, description = "the unit's code, e.g. 630222")
  String unit;

  @Option(names = "--out", required = true, description = "the folder to write the two files to")
  Path out;

  @Option(names = "--unmasked", description = "show identity and account numbers in full")
  boolean unmasked;

  @Override
  public Integer call() {
    Warehouse wh = new Warehouse(SparkSessions.forCommandLine(), warehouse);
    Dossier dossier = Dossier.of(wh, unit, unmasked);
    DossierPack pack = DossierPack.write(dossier, out);
    spec.commandLine().getOut().printf(
        "wrote the dossier of %s (%d projects, %d clues, %d findings) to %s and %s%n", dossier.unitCode(),
        dossier.projects().size(), dossier.clues().size(), dossier.findings().size(), pack.workbook(), pack.page());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
