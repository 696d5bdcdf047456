package org.fundcheck.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.schema.FileSpec;

/**
 * A CSV drop file parsed by Spark tasks, a part of the file each. The driver reads the file once, byte by
 * byte: it hashes it, checks that it decodes, reads its header, and notes where records start, so each
 * part begins on a record of its own with the physical line number that record has in the whole file.
 * Tasks then decode and split their part with the same {@link CsvRecordReader} as a file read whole, so
 * the records, their lines and their raw text are the same either way.
 *
 * <p>The parts can be found from the bytes alone because a quote, a comma, a carriage return and a line
 * feed are single bytes in UTF-8 and in GB18030 that never occur inside a multi-byte character. A part
 * ends after a line feed outside quotes; a file whose lines end in a bare carriage return is one part.
 */
final class CsvSplits implements PreparedFile {

  /** Part of a file: bytes {@code [start, end)}, starting on {@code firstLine}, the header first if so. */
  record Split(long start, long end, long firstLine, boolean header) implements Serializable {}

  /** The least a part holds: below this, a task's start-up costs more than its work. */
  static final long MIN_SPLIT_BYTES = 4L << 20;

  /** The most a part holds, as Spark's own file sources split (spark.sql.files.maxPartitionBytes). */
  static final long MAX_SPLIT_BYTES = 128L << 20;

  private final DropFile source;
  private final String sha256;
  private final Charset charset;
  private final boolean bom;
  private final long records;
  private final List<Split> splits;
  private final int[] positions;
  private final int width;

  private CsvSplits(DropFile source, String sha256, Charset charset, boolean bom, long records,
      List<Split> splits, int[] positions, int width) {
    this.source = source;
    this.sha256 = sha256;
    this.charset = charset;
    this.bom = bom;
    this.records = records;
    this.splits = List.copyOf(splits);
    this.positions = positions;
    this.width = width;
  }

  /**
   * Reads a CSV file once on the driver and plans its parts.
   *
   * @param parallelism the tasks Spark runs at once; a file is cut into about three parts per task, so a
   *     slow part does not hold up the rest
   */
  static CsvSplits plan(DropFile file, Encodings.Choice choice, int parallelism) throws IOException {
    InputFile in = file.file();
    long size = in.fs().getFileStatus(in.path()).getLen();
    return withSplitBytes(
        file, choice,
        Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES, size / Math.max(1, 3L * parallelism) + 1)));
  }

  /** Reads a CSV file once on the driver and plans parts of at least {@code splitBytes} bytes. */
  static CsvSplits withSplitBytes(DropFile file, Encodings.Choice choice, long splitBytes) throws IOException {
    InputFile in = file.file();
    long size = in.fs().getFileStatus(in.path()).getLen();
    boolean bom = Encodings.startsWithBom(in);
    // A byte-order mark is UTF-8's own signature, whatever was asked for; undecided, UTF-8 is tried first
    // and GB18030 if UTF-8 fails, as Encodings.detect decides.
    Charset charset =
        bom || choice != Encodings.Choice.GB18030 ? StandardCharsets.UTF_8 : Encodings.GB18030;
    Scan scan = scan(in, charset, bom, splitBytes);
    if (scan == null && choice == Encodings.Choice.AUTO && !bom) {
      charset = Encodings.GB18030;
      scan = scan(in, charset, false, splitBytes);
    }
    if (scan == null) {
      throw FundcheckErrors.undecodableFile(file.location(), charset.name());
    }
    RawRecord header = header(in, charset, bom);
    if (header == null) {
      throw FundcheckErrors.noHeader(file.location());
    }
    int[] positions = Staging.columnPositions(file, header);
    return new CsvSplits(file, scan.sha256(), charset, bom, scan.records() - 1, scan.splits(size), positions,
        header.fields().size());
  }

  @Override
  public DropFile source() {
    return source;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public String encoding() {
    return new Encodings.Detected(charset, bom).label();
  }

  @Override
  public long records() {
    return records;
  }

  List<Split> splits() {
    return splits;
  }

  /** The file's records as Spark rows of {@link Staging#schema}, a task per part. */
  @Override
  public Dataset<Row> read(SparkSession spark) {
    return spark.createDataFrame(parsed(spark, null), Staging.schema(source.spec()));
  }

  /**
   * The file's records checked by the row rules in the tasks that parse them, so each row is made once,
   * typed, rather than as text first and typed in a second pass.
   */
  @Override
  public Dataset<Row> checked(SparkSession spark) {
    FileSpec spec = source.spec();
    return spark.createDataFrame(parsed(spark, new RowChecker(spec)), RowValidation.checkedSchema(spec));
  }

  private JavaRDD<Row> parsed(SparkSession spark, RowChecker checker) {
    InputFile in = source.file();
    String path = in.fs().makeQualified(in.path()).toString();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(splits, splits.size())
        .flatMap(new SplitParser(path, new SerializableConfiguration(conf), charset.name(), positions, width, checker));
  }

  /** The first record of the file, or null when it has none. */
  private static RawRecord header(InputFile file, Charset charset, boolean bom) throws IOException {
    InputStream in = file.open();
    if (bom) {
      in.skipNBytes(3);
    }
    try (CsvRecordReader reader = new CsvRecordReader(new InputStreamReader(in, Encodings.strictDecoder(charset)))) {
      return reader.next();
    }
  }

  /**
   * What one pass over a file's bytes found: its hash, its records (the header included) and where the
   * parts start.
   */
  private record Scan(String sha256, long records, long[] cuts, long[] cutLines) {

    List<Split> splits(long size) {
      List<Split> out = new ArrayList<>();
      for (int i = 0; i < cuts.length; i++) {
        out.add(new Split(cuts[i], i + 1 < cuts.length ? cuts[i + 1] : size, cutLines[i], i == 0));
      }
      return out;
    }
  }

  /**
   * One pass over the file: hash, strict decoding in {@code charset}, and the record structure as {@link
   * CsvRecordReader} reads it (a quote opens a quoted field only at the field's start; a doubled quote
   * inside one is a quote; CRLF, LF and CR each end a physical line). Null when the file does not decode.
   */
  private static Scan scan(InputFile file, Charset charset, boolean bom, long splitBytes) throws IOException {
    MessageDigest sha = sha256Digest();
    CharsetDecoder decoder = Encodings.strictDecoder(charset);
    ByteBuffer bytes = ByteBuffer.allocate(1 << 20);
    CharBuffer chars = CharBuffer.allocate(1 << 20);
    byte[] buf = bytes.array();
    long start = bom ? 3 : 0;
    LongList cuts = new LongList();
    LongList cutLines = new LongList();
    cuts.add(start);
    cutLines.add(1);
    long lastCut = start;
    long offset = 0;
    long line = 1;
    long records = 0;
    boolean quoted = false;
    boolean quoteSeen = false;
    boolean fieldStart = true;
    boolean inRecord = false;
    boolean prevCr = false;
    try (InputStream in = file.open()) {
      boolean end = false;
      while (!end) {
        int p = bytes.position();
        int n = in.read(buf, p, bytes.remaining());
        if (n < 0) {
          end = true;
        } else {
          sha.update(buf, p, n);
          for (int i = p; i < p + n; i++, offset++) {
            if (offset < start) {
              continue;
            }
            int v = buf[i] & 0xff;
            if (quoteSeen) {
              quoteSeen = false;
              if (v == '"') {
                continue;
              }
              // The quote closed the field; this byte is read as unquoted text.
              quoted = false;
            }
            if (quoted) {
              if (v == '"') {
                quoteSeen = true;
              } else if (v == '\r' || (v == '\n' && !prevCr)) {
                line++;
              }
              prevCr = v == '\r';
              continue;
            }
            if (v == '\r' || v == '\n') {
              if (v == '\r' || !prevCr) {
                line++;
              }
              if (inRecord) {
                records++;
                inRecord = false;
              }
              fieldStart = true;
              prevCr = v == '\r';
              if (v == '\n' && records >= 1 && offset + 1 - lastCut >= splitBytes) {
                lastCut = offset + 1;
                cuts.add(lastCut);
                cutLines.add(line);
              }
              continue;
            }
            prevCr = false;
            inRecord = true;
            if (v == ',') {
              fieldStart = true;
            } else {
              if (v == '"' && fieldStart) {
                quoted = true;
              }
              fieldStart = false;
            }
          }
          bytes.position(p + n);
        }
        bytes.flip();
        CoderResult r;
        do {
          chars.clear();
          r = decoder.decode(bytes, chars, end);
          if (r.isError()) {
            return null;
          }
        } while (r.isOverflow());
        bytes.compact();
      }
      chars.clear();
      if (decoder.flush(chars).isError()) {
        return null;
      }
    }
    if (inRecord) {
      records++;
    }
    // A cut right at the end of the file would make an empty last part.
    if (cuts.size() > 1 && cuts.last() == offset) {
      cuts.removeLast();
      cutLines.removeLast();
    }
    return new Scan(HexFormat.of().formatHex(sha.digest()), records, cuts.toArray(), cutLines.toArray());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A growable list of longs, so a file of many parts costs no boxing. */
  private static final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    long last() {
      return values[size - 1];
    }

    void removeLast() {
      size--;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /**
   * Parses one part in a task: decodes its bytes, splits its records, and gives each its line, raw text,
   * shape problem (a record whose field count differs from the header's) and the contract's columns,
   * trimmed, an empty value as null; or, given a checker, its line, raw text, the columns typed and the
   * reason it is rejected.
   */
  static final class SplitParser implements FlatMapFunction<Split, Row> {

    private final String path;
    private final SerializableConfiguration conf;
    private final String charset;
    private final int[] positions;
    private final int width;
    private final RowChecker checker;

    SplitParser(String path, SerializableConfiguration conf, String charset, int[] positions, int width,
        RowChecker checker) {
      this.path = path;
      this.conf = conf;
      this.charset = charset;
      this.positions = positions;
      this.width = width;
      this.checker = checker;
    }

    @Override
    public Iterator<Row> call(Split split) throws IOException {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf.value());
      FSDataInputStream raw = fs.open(p);
      raw.seek(split.start());
      InputStream part = BoundedInputStream.builder().setInputStream(raw).setMaxCount(split.end() - split.start()).get();
      CsvRecordReader reader =
          new CsvRecordReader(
              new InputStreamReader(part, Encodings.strictDecoder(Charset.forName(charset))), split.firstLine());
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(
            (org.apache.spark.util.TaskCompletionListener) ctx -> closeQuietly(reader));
      }
      if (split.header()) {
        reader.next();
      }
      return new Iterator<>() {
        private RawRecord next = read();

        private RawRecord read() {
          try {
            RawRecord r = reader.next();
            if (r == null) {
              reader.close();
            }
            return r;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Row next() {
          if (next == null) {
            throw new NoSuchElementException();
          }
          Row row = toRow(next);
          next = read();
          return row;
        }
      };
    }

    private Row toRow(RawRecord r) {
      String shape = null;
      String[] text = new String[positions.length];
      if (r.fields().size() != width) {
        shape = Staging.wrongFieldCount(width, r.fields().size());
      } else {
        for (int i = 0; i < positions.length; i++) {
          String v = r.fields().get(positions[i]).strip();
          text[i] = v.isEmpty() ? null : v;
        }
      }
      if (checker != null) {
        return RowFactory.create(checker.check(shape, text).row(r.line(), r.raw()));
      }
      Object[] values = new Object[3 + text.length];
      values[0] = r.line();
      values[1] = r.raw();
      values[2] = shape;
      System.arraycopy(text, 0, values, 3, text.length);
      return RowFactory.create(values);
    }

    private static void closeQuietly(CsvRecordReader reader) {
      try {
        reader.close();
      } catch (IOException e) {
        // The task is over; a failed close of a read-only stream loses nothing.
      }
    }
  }
}
