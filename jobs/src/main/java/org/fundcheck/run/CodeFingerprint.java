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
 * A hash of the compiled code that computes clues: every class of the rules package and the net payments
 * the rules start from, read from the jar or folder they were loaded from. The ledgers' writing
 * (Reconciliation) is left out: no rule reads the ledgers. A clue carried over from an earlier run is what
 * that run's code computed; when the code differs (a new build with a rule changed), nothing is carried over.
 * Any recompilation that changes a class's bytes (a moved line included) counts as a change, which costs
 * one full recompute and never a stale clue.
 */
final class RulesFingerprint {

  /** Class file name prefixes: a package, or one class and its nested classes. */
  private static final List<String> PACKAGES = List.of("org/fundcheck/rules/", "org/fundcheck/reconcile/NetPayments");

  private static String cached;

  private RulesFingerprint() {}

  /** The hex SHA-256 of the classes' names and bytes in name order; null when they cannot be read. */
  static synchronized String sha256() {
    if (cached == null) {
      cached = compute();
    }
    return cached.isEmpty() ? null : cached;
  }

  private static String compute() {
    try {
      Map<String, byte[]> classes = classes();
      if (classes.isEmpty()) {
        return "";
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      classes.forEach((name, bytes) -> {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // Unreadable code source (an unusual class loader): every run recomputes every clue.
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fingerprinted class files' bytes by their names in the jar or folder, in name order. */
  static Map<String, byte[]> classes() throws IOException, URISyntaxException {
    Path location = Path.of(Rules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> classes = new TreeMap<>();
    if (Files.isDirectory(location)) {
      for (String pkg : PACKAGES) {
        Path dir = location.resolve(pkg.substring(0, pkg.lastIndexOf('/')));
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
            String name = location.relativize(f).toString().replace('\\', '/');
            if (name.startsWith(pkg)) {
              classes.put(name, Files.readAllBytes(f));
            }
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
          if (e.getName().endsWith(".class") && PACKAGES.stream().anyMatch(e.getName()::startsWith)) {
            try (InputStream in = jar.getInputStream(e)) {
              classes.put(e.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    return classes;
  }
}
