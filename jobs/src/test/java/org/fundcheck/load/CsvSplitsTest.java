package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckException;
import org.fundcheck.TestSpark;
import org.fundcheck.schema.InputContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file read by Spark tasks in parts gives exactly the records, lines and raw text of the file read
 * whole, wherever the parts are cut: quoted fields across lines, doubled quotes, CRLF, blank lines, a
 * byte-order mark, GB18030, a last line without its line break.
 */
class CsvSplitsTest {

  private static final String HEADER = "id_number,name,died_on,source";

  @TempDir Path dir;

  private DropFile write(byte[] bytes) throws IOException {
    Path p = dir.resolve("deaths.csv");
    Files.write(p, bytes);
    return new DropFile(InputContract.get().file("deaths"), InputFile.at(p.toString(), new Configuration()));
  }

  /** The file's records as the whole-file reader gives them, in the shape Spark reads: line|raw|shape|columns. */
  private static List<String> readWhole(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvRecordReader r = new CsvRecordReader(new java.io.StringReader(text.replace("\uFEFF", "")))) {
      RawRecord header = r.next();
      int width = header.fields().size();
      for (RawRecord rec = r.next(); rec != null; rec = r.next()) {
        StringBuilder sb = new StringBuilder().append(rec.line()).append('|').append(rec.raw());
        if (rec.fields().size() != width) {
          sb.append("|wrong number of fields: expected ").append(width).append(", found ").append(rec.fields().size())
              .append("|null".repeat(width));
        } else {
          sb.append("|null");
          for (String f : rec.fields()) {
            sb.append('|').append(f.strip().isEmpty() ? "null" : f.strip());
          }
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  private static List<String> readInParts(CsvSplits splits) {
    List<String> out = new ArrayList<>();
    for (Row row : splits.read(TestSpark.session()).orderBy("_line").collectAsList()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        sb.append(i == 0 ? "" : "|").append(row.isNullAt(i) ? "null" : row.get(i).toString());
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static void assertSameRecords(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ", record " + i);
    }
    assertEquals(expected.size(), actual.size(), what + ", records");
  }

  private static String trickyFile(long seed, String lineBreak) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(HEADER).append(lineBreak);
    for (int i = 0; i < 60; i++) {
      String id = String.format("63020219500101%04d", i);
      switch (random.nextInt(7)) {
        case 0 -> sb.append(id).append(",\"王\r\n小二\",2018-01-02,\"公安,户籍\"").append(lineBreak);
        case 1 -> sb.append(id).append(",\"说\"\"好\"\"的\",2018-01-02,民政").append(lineBreak);
        case 2 -> sb.append(lineBreak).append(id).append(",李四,2018-01-02,民政").append(lineBreak);
        case 3 -> sb.append(id).append(",张\"三,2018-01-02,\"多\n行\n来源\"").append(lineBreak);
        case 4 -> sb.append(id).append(",只有三列,2018-01-02").append(lineBreak);
        case 5 -> sb.append(id).append(",\"\"\"\",2018-01-02,\"a\"\"\n\"\"b\"").append(lineBreak);
        default -> sb.append(id).append(",  赵六 ,2018-01-02,").append(lineBreak);
      }
    }
    return sb.append("630202195001019999,末行,2018-01-02,无换行").toString();
  }

  @Test
  void partsCutAnywhereGiveTheRecordsOfTheWholeFile() throws IOException {
    for (String lineBreak : List.of("\n", "\r\n")) {
      String text = trickyFile(7, lineBreak);
      DropFile file = write(text.getBytes(StandardCharsets.UTF_8));
      List<String> whole = readWhole(text);
      assertEquals(61, whole.size());
      for (long splitBytes : new long[] {1, 5, 64, 1000, 1 << 20}) {
        CsvSplits splits = CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, splitBytes);
        assertSameRecords(whole, readInParts(splits), "parts of at least " + splitBytes + " bytes");
        assertEquals(61, splits.records());
        assertEquals("UTF-8", splits.encoding());
      }
      assertTrue(CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 1).splits().size() > 30,
          "a part after nearly every record");
      assertEquals(1, CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 1 << 20).splits().size());
    }
  }

  @Test
  void partsOfAGb18030FileWithAByteOrderMarkFreeHeader() throws IOException {
    String text = trickyFile(11, "\n") + "\n";
    DropFile file = write(text.getBytes(Encodings.GB18030));
    CsvSplits splits = CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 16);
    assertEquals("GB18030", splits.encoding());
    assertSameRecords(readWhole(text), readInParts(splits), "parts of at least 8 or 16 bytes");
  }

  @Test
  void aByteOrderMarkIsSkippedAndNamed() throws IOException {
    String text = "\uFEFF" + trickyFile(3, "\r\n");
    DropFile file = write(text.getBytes(StandardCharsets.UTF_8));
    CsvSplits splits = CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 8);
    assertEquals("UTF-8 (BOM)", splits.encoding());
    assertSameRecords(readWhole(text), readInParts(splits), "parts of at least 8 or 16 bytes");
    assertEquals(3, splits.splits().get(0).start());
  }

  @Test
  void hashAndCountsAreThoseOfTheWholeFile() throws IOException {
    byte[] bytes = trickyFile(5, "\n").getBytes(StandardCharsets.UTF_8);
    DropFile file = write(bytes);
    CsvSplits splits = CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 32);
    assertEquals(Staging.sha256(file.file()), splits.sha256());
    List<CsvSplits.Split> parts = splits.splits();
    assertEquals(0, parts.get(0).start());
    assertEquals(bytes.length, parts.get(parts.size() - 1).end());
    for (int i = 1; i < parts.size(); i++) {
      assertEquals(parts.get(i - 1).end(), parts.get(i).start());
      assertEquals('\n', bytes[(int) parts.get(i).start() - 1]);
    }
  }

  @Test
  void forcingUtf8OnAGb18030FileIsTheSameErrorAsAWholeFileRead() throws IOException {
    DropFile file = write((HEADER + "\n630202195001010001,刘䶮,2018-01-02,民政\n").getBytes(Encodings.GB18030));
    FundcheckException e =
        assertThrows(FundcheckException.class, () -> CsvSplits.withSplitBytes(file, Encodings.Choice.UTF_8, 8));
    assertEquals(
        "cannot read " + file.location() + " as UTF-8: it holds bytes that are not valid UTF-8; re-export it as"
            + " UTF-8 or GB18030, or choose the right --encoding",
        e.getMessage());
  }

  @Test
  void aFileWithoutRecordsHasNoHeader() throws IOException {
    DropFile file = write("\r\n\n".getBytes(StandardCharsets.UTF_8));
    FundcheckException e =
        assertThrows(FundcheckException.class, () -> CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 8));
    assertEquals(file.location() + " has no header row; the first row must name the columns of inputs.md",
        e.getMessage());
  }

  @Test
  void aHeaderOnlyFileHasNoRecords() throws IOException {
    DropFile file = write((HEADER + "\n").getBytes(Charset.forName("UTF-8")));
    CsvSplits splits = CsvSplits.withSplitBytes(file, Encodings.Choice.AUTO, 1);
    assertEquals(0, splits.records());
    assertEquals(List.of(), readInParts(splits));
  }
}
