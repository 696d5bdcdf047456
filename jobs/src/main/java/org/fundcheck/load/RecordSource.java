package org.fundcheck.load;

import java.io.IOException;

/** Records of one input file, header first, in file order. */
interface RecordSource extends AutoCloseable {

  /** The next record, or null at the end. */
  RawRecord next() throws IOException;

  /** How the file was decoded, for the summary ("UTF-8", "GB18030", "xlsx"). */
  String encoding();

  @Override
  void close() throws IOException;
}
