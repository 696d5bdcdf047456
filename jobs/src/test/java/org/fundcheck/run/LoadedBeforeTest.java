package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;
import org.fundcheck.load.FileLoad;
import org.fundcheck.load.LoadedBefore;
import org.junit.jupiter.api.Test;

/** Which files of the last succeeded run a run may keep, read from that run's summary. */
class LoadedBeforeTest {

  private static RunLedger.Succeeded lastRun(String loadCode) {
    String summary = """
        {"run_id": "R1", "files": {
           "households.csv": {"read": 310, "loaded": 300, "quarantined": 10, "encoding": "GB18030", "sha256": "ab12"},
           "units.xlsx": {"read": 57, "loaded": 55, "quarantined": 2, "encoding": "xlsx", "sha256": "cd34"},
           "projects.csv": {"read": 46, "loaded": 43, "quarantined": 3, "encoding": "UTF-8"}},
         "table_versions": {"silver/households": 3, "silver/units": 0, "silver/projects": 1},
         "load_code_sha256": "%s"}
        """.formatted(loadCode);
    return new RunLedger.Succeeded("R1", LocalDate.of(2019, 3, 20), summary);
  }

  @Test
  void theFilesWithTheirHashAndTheirTablesVersionWhenTheLoadingCodeIsTheSame() {
    assertEquals(Map.of(
            "households.csv", new LoadedBefore("R1", new FileLoad("households.csv", "GB18030", "ab12", 310, 300, 10), 3),
            "units.xlsx", new LoadedBefore("R1", new FileLoad("units.xlsx", "xlsx", "cd34", 57, 55, 2), 0)),
        NightlyRun.loadedBefore(lastRun(CodeFingerprint.LOADING.sha256())));
  }

  @Test
  void noneWhenTheLastRunLoadedWithOtherCodeOrThereIsNoLastRunOrItsSummaryIsNotJson() {
    assertEquals(Map.of(), NightlyRun.loadedBefore(lastRun("0".repeat(64))));
    assertEquals(Map.of(), NightlyRun.loadedBefore(null));
    assertEquals(Map.of(), NightlyRun.loadedBefore(new RunLedger.Succeeded("R1", LocalDate.of(2019, 3, 20), "{not JSON")));
  }
}
