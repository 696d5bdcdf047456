package org.fundcheck.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.fundcheck.rules.Rules;

/**
 * A hash of the files of the build that compute something a run keeps from an earlier run, read from the
 * jar or folder they were loaded from. When the code differs (a new build), nothing is kept. Any
 * recompilation that changes a class's bytes (a moved line included) counts as a change, which costs one
 * full recompute and never a stale result.
 */
final class CodeFingerprint {

  /**
   * The code that computes clues and ledgers: the rules package and the reconciliation (the net payments
   * the rules start from, the household ledger UNDELIVERED_HOUSEHOLD reads). A clue or a household
   * ledger row carried over from an earlier run is what that run's code computed.
   */
  static final CodeFingerprint RULES =
      new CodeFingerprint(List.of("org/fundcheck/rules/", "org/fundcheck/reconcile/"));

  /**
   * The code that turns a file into table rows and rejected rows: the loader, the contract's code and the
   * contract itself ({@code schemas/}). A file an earlier run loaded is left as that run loaded it.
   */
  static final CodeFingerprint LOADING =
      new CodeFingerprint(List.of("org/fundcheck/load/", "org/fundcheck/schema/", "schemas/"));

  /** File name prefixes: a package or folder, or one class and its nested classes. */
  private final List<String> prefixes;

  private String cached;

  private CodeFingerprint(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /** The hex SHA-256 of the files' names and bytes in name order; null when they cannot be read. */
  synchronized String sha256() {
    if (cached == null) {
      cached = compute();
    }
    return cached.isEmpty() ? null : cached;
  }

  private String compute() {
    try {
      Map<String, byte[]> files = files();
      if (files.isEmpty()) {
        return "";
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // Unreadable code source (an unusual class loader): nothing is kept from an earlier run.
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fingerprinted files' bytes by their names in the jar or folder, in name order. */
  Map<String, byte[]> files() throws IOException, URISyntaxException {
    Path location = Path.of(Rules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> files = new TreeMap<>();
    if (Files.isDirectory(location)) {
      for (String prefix : prefixes) {
        Path dir = location.resolve(prefix.substring(0, prefix.lastIndexOf('/')));
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path f : walk.filter(Files::isRegularFile).toList()) {
            String name = location.relativize(f).toString().replace('\\', '/');
            if (name.startsWith(prefix)) {
              files.put(name, Files.readAllBytes(f));
            }
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
          if (!e.isDirectory() && prefixes.stream().anyMatch(e.getName()::startsWith)) {
            try (InputStream in = jar.getInputStream(e)) {
              files.put(e.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    return files;
  }
}
