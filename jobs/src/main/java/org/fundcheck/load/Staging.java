package org.fundcheck.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.warehouse.Storage;

/**
 * Reads a drop file once and writes its records as JSON lines: {@code _line}, {@code _raw}, {@code _shape}
 * (why the record's fields cannot be read, if so) and each contract column's trimmed text (absent when
 * empty). JSON lines keep a record that spans several physical lines on one line, so Spark can split the
 * staged file across cores.
 */
public final class Staging {


  public static final String LINE = "_line";
  public static final String RAW = "_raw";
  public static final String SHAPE = "_shape";

  private static final JsonFactory JSON = new JsonFactory();

  private Staging() {}

  /** The schema Spark reads a staged file with: every value as text, validated afterwards. */
  public static StructType schema(FileSpec spec) {
    StructType s =
        new StructType()
            .add(LINE, DataTypes.LongType, false)
            .add(RAW, DataTypes.StringType, false)
            .add(SHAPE, DataTypes.StringType, true);
    for (String c : spec.columnNames()) {
      s = s.add(c, DataTypes.StringType, true);
    }
    return s;
  }

  /**
   * Stages one drop file under {@code stagingDir}, a folder of the warehouse's file system, where every
   * executor can read it (a cluster's executors cannot see the driver's disk).
   */
  public static StagedFile stage(DropFile file, Encodings.Choice encoding, String stagingDir, Configuration conf)
      throws IOException {
    String out = Storage.join(stagingDir, file.spec().name() + ".jsonl");
    FileSystem fs = Storage.fileSystem(out, conf);
    String sha256 = sha256(file.file());
    long records = 0;
    String encodingLabel;
    try (RecordSource source = open(file, encoding);
        OutputStream os = fs.create(Storage.path(out), true);
        JsonGenerator json = JSON.createGenerator(os, JsonEncoding.UTF8)) {
      encodingLabel = source.encoding();
      RawRecord header = source.next();
      if (header == null) {
        throw FundcheckErrors.noHeader(file.location());
      }
      int[] positions = columnPositions(file, header);
      FileSpec spec = file.spec();
      int width = header.fields().size();
      for (RawRecord r = source.next(); r != null; r = source.next()) {
        records++;
        json.writeStartObject();
        json.writeNumberField(LINE, r.line());
        json.writeStringField(RAW, r.raw());
        if (r.fields().size() != width) {
          json.writeStringField(SHAPE, wrongFieldCount(width, r.fields().size()));
        } else {
          for (int i = 0; i < positions.length; i++) {
            String v = r.fields().get(positions[i]).strip();
            if (!v.isEmpty()) {
              json.writeStringField(spec.columns().get(i).name(), v);
            }
          }
        }
        json.writeEndObject();
        json.writeRaw('\n');
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw FundcheckErrors.undecodableFile(file.location(), encoding.name());
    }
    return new StagedFile(file, sha256, encodingLabel, records, out);
  }

  /** The shape problem of a record whose field count is not the header's. */
  static String wrongFieldCount(int expected, int found) {
    return "wrong number of fields: expected " + expected + ", found " + found;
  }

  private static RecordSource open(DropFile file, Encodings.Choice encoding) throws IOException {
    return file.isXlsx() ? new XlsxRecordSource(file.file()) : new CsvRecordSource(file.file(), encoding);
  }

  /** Where each contract column stands in the file's header; extra columns are ignored. */
  static int[] columnPositions(DropFile file, RawRecord header) {
    Map<String, Integer> byName = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().replace("\uFEFF", "");
      names.add(name);
      byName.putIfAbsent(name, i);
    }
    List<String> missing = new ArrayList<>();
    int[] positions = new int[file.spec().columns().size()];
    for (int i = 0; i < positions.length; i++) {
      Integer p = byName.get(file.spec().columns().get(i).name());
      if (p == null) {
        missing.add(file.spec().columns().get(i).name());
      } else {
        positions[i] = p;
      }
    }
    if (!missing.isEmpty()) {
      throw FundcheckErrors.missingColumns(file.location(), missing, names);
    }
    return positions;
  }

  static String sha256(InputFile file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(file.open(), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
