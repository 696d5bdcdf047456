package org.fundcheck.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.fundcheck.FundcheckErrors;

/**
 * Decides how a CSV file is encoded (inputs.md): a UTF-8 byte-order mark or valid UTF-8 means UTF-8,
 * anything else GB18030 (a superset of GBK that also holds rare name characters such as 䶮). Decoding is
 * strict: a byte sequence that is not valid in the chosen encoding is an error, so mojibake is never
 * stored.
 */
public final class Encodings {

  public static final Charset GB18030 = Charset.forName("GB18030");

  private Encodings() {}

  /** What {@code --encoding} asks for. */
  public enum Choice {
    AUTO,
    UTF_8,
    GB18030;

    public static Choice parse(String value) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "auto":
          return AUTO;
        case "utf-8":
        case "utf8":
          return UTF_8;
        case "gb18030":
        case "gbk":
          return GB18030;
        default:
          throw FundcheckErrors.unknownEncoding(value);
      }
    }
  }

  /** A file's encoding and whether it starts with a UTF-8 byte-order mark (skipped when reading). */
  public record Detected(Charset charset, boolean bom) {
    public String label() {
      return charset.equals(StandardCharsets.UTF_8) ? (bom ? "UTF-8 (BOM)" : "UTF-8") : "GB18030";
    }
  }

  public static Detected detect(InputFile file, Choice choice) throws IOException {
    boolean bom = startsWithBom(file);
    Charset charset;
    if (choice == Choice.AUTO && !bom) {
      charset = decodes(file, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : GB18030;
      if (charset == StandardCharsets.UTF_8) {
        return new Detected(charset, false);
      }
    } else {
      // A byte-order mark is UTF-8's own signature, whatever was asked for.
      charset = bom || choice == Choice.UTF_8 ? StandardCharsets.UTF_8 : GB18030;
    }
    if (!decodes(file, charset)) {
      throw FundcheckErrors.undecodableFile(file.location(), charset.name());
    }
    return new Detected(charset, bom);
  }

  /** A strict decoder: malformed or unmappable input throws instead of turning into replacement characters. */
  public static CharsetDecoder strictDecoder(Charset charset) {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  static boolean startsWithBom(InputFile file) throws IOException {
    try (InputStream in = file.open()) {
      byte[] head = in.readNBytes(3);
      return head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
    }
  }

  /** Whether the whole file decodes in {@code charset}, streaming so a large file costs no memory. */
  private static boolean decodes(InputFile file, Charset charset) throws IOException {
    CharsetDecoder decoder = strictDecoder(charset);
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    CharBuffer chars = CharBuffer.allocate(1 << 16);
    try (InputStream in = file.open()) {
      boolean end = false;
      while (!end) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          end = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
        CoderResult r = decoder.decode(bytes, chars, end);
        if (r.isError()) {
          return false;
        }
        chars.clear();
        bytes.compact();
      }
      CoderResult r = decoder.flush(chars);
      return !r.isError();
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
