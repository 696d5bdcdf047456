package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static CsvRecordReader reader(String text) {
    return new CsvRecordReader(new StringReader(text));
  }

  @Test
  void keepsLineNumbersAndRawTextOfEachRecord() throws IOException {
    CsvRecordReader r = reader("a,b,c\r\n1,2,3\r\n\r\n4,\"x,y\",6\n");
    assertEquals(new RawRecord(1, "a,b,c", List.of("a", "b", "c")), r.next());
    assertEquals(new RawRecord(2, "1,2,3", List.of("1", "2", "3")), r.next());
    assertEquals(new RawRecord(4, "4,\"x,y\",6", List.of("4", "x,y", "6")), r.next());
    assertNull(r.next());
  }

  @Test
  void aQuotedFieldMayHoldLineBreaksAndDoubledQuotes() throws IOException {
    CsvRecordReader r = reader("id,purpose\nP1,\"第一行\r\n第二行 \"\"引\"\"\"\nP2,ok");
    r.next();
    RawRecord spanning = r.next();
    assertEquals(2, spanning.line());
    assertEquals("P1,\"第一行\r\n第二行 \"\"引\"\"\"", spanning.raw());
    assertEquals(List.of("P1", "第一行\r\n第二行 \"引\""), spanning.fields());
    RawRecord next = r.next();
    assertEquals(4, next.line());
    assertEquals(List.of("P2", "ok"), next.fields());
  }

  @Test
  void emptyFieldsAndTrailingCommaCountAsFields() throws IOException {
    CsvRecordReader r = reader("a,,\n,,,\n");
    assertEquals(List.of("a", "", ""), r.next().fields());
    assertEquals(List.of("", "", "", ""), r.next().fields());
    assertNull(r.next());
  }
}
