package org.fundcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fundcheck.schema.IdNumbers;

/** Writes small drop folders for tests: one call per file, text as it would arrive. */
public final class Drops {

  private Drops() {}

  public static Path write(Path dir, String fileName, String text) {
    return write(dir, fileName, text, StandardCharsets.UTF_8);
  }

  public static Path write(Path dir, String fileName, String text, Charset charset) {
    try {
      Files.createDirectories(dir);
      Path p = dir.resolve(fileName);
      Files.write(p, text.getBytes(charset));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid identity number for a county code and birth date, the n-th of that day. */
  public static String id(String county, String birth, int n) {
    return IdNumbers.complete(county + birth + String.format("%03d", n));
  }

  /** A valid identity number whose check character is X. */
  public static String idEndingInX(String county, String birth) {
    for (int n = 1; n < 1000; n++) {
      String id = id(county, birth, n);
      if (id.endsWith("X")) {
        return id;
      }
    }
    throw new IllegalStateException("no X check character for " + county + birth);
  }

  /** The same number with a wrong check character. */
  public static String withWrongCheck(String id) {
    char c = id.charAt(17) == '0' ? '1' : '0';
    return id.substring(0, 17) + c;
  }
}
