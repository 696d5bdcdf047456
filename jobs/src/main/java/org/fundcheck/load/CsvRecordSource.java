package org.fundcheck.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;

/** A CSV file decoded strictly in its detected encoding, its byte-order mark skipped. */
final class CsvRecordSource implements RecordSource {

  private final CsvRecordReader reader;
  private final Encodings.Detected detected;

  CsvRecordSource(InputFile file, Encodings.Choice choice) throws IOException {
    this.detected = Encodings.detect(file, choice);
    InputStream in = file.open();
    if (detected.bom()) {
      in.skipNBytes(3);
    }
    this.reader = new CsvRecordReader(new InputStreamReader(in, Encodings.strictDecoder(detected.charset())));
  }

  @Override
  public RawRecord next() throws IOException {
    return reader.next();
  }

  @Override
  public String encoding() {
    return detected.label();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
