package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.fundcheck.FundcheckException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingsTest {

  @TempDir Path dir;

  private InputFile write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return InputFile.at(p.toString(), new Configuration());
  }

  @Test
  void rareNameCharacterOnlyGb18030HoldsIsReadAsGb18030() throws IOException {
    String text = "head_name\n刘䶮\n";
    assertFalse(Charset.forName("GBK").newEncoder().canEncode("䶮"), "the fixture needs a character GBK lacks");
    InputFile file = write("households.csv", text.getBytes(Encodings.GB18030));
    Encodings.Detected d = Encodings.detect(file, Encodings.Choice.AUTO);
    assertEquals("GB18030", d.label());
    try (CsvRecordSource source = new CsvRecordSource(file, Encodings.Choice.AUTO)) {
      source.next();
      assertEquals("刘䶮", source.next().fields().get(0));
    }
  }

  @Test
  void utf8WithAndWithoutBomAreUtf8AndTheBomIsNotPartOfTheHeader() throws IOException {
    byte[] body = "unit_name\n民和县\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    InputFile bom = write("a.csv", withBom);
    assertEquals("UTF-8 (BOM)", Encodings.detect(bom, Encodings.Choice.AUTO).label());
    try (CsvRecordSource source = new CsvRecordSource(bom, Encodings.Choice.AUTO)) {
      assertEquals("unit_name", source.next().fields().get(0));
    }
    assertEquals("UTF-8", Encodings.detect(write("b.csv", body), Encodings.Choice.AUTO).label());
  }

  @Test
  void forcingUtf8OnAGbkFileIsAnErrorNotMojibake() throws IOException {
    InputFile gbk = write("deaths.csv", "name\n王某某\n".getBytes(Encodings.GB18030));
    FundcheckException e =
        assertThrows(FundcheckException.class, () -> Encodings.detect(gbk, Encodings.Choice.UTF_8));
    assertEquals(
        "cannot read " + dir.resolve("deaths.csv") + " as UTF-8: it holds bytes that are not valid UTF-8; re-export it as UTF-8 or"
            + " GB18030, or choose the right --encoding",
        e.getMessage());
  }

  @Test
  void encodingChoiceNamesAreCheckedWithAClearMessage() {
    assertEquals(Encodings.Choice.GB18030, Encodings.Choice.parse("GB18030"));
    assertEquals(Encodings.Choice.UTF_8, Encodings.Choice.parse("utf-8"));
    FundcheckException e = assertThrows(FundcheckException.class, () -> Encodings.Choice.parse("latin1"));
    assertEquals("unknown --encoding 'latin1': use auto (decide per file), utf-8 or gb18030", e.getMessage());
    assertTrue(Encodings.Choice.parse(" auto ") == Encodings.Choice.AUTO);
  }
}
