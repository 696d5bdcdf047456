package org.fundcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class archive ({@code ./fundcheck}): recorded by the first run that succeeds after a
 * build, under another name until the JVM has exited, and the one every later JVM starts from. The
 * launcher runs here in a built-looking copy of the project with a stand-in {@code java} first on the
 * path, which writes the archive it is asked for and exits with the status it is given.
 */
class LauncherClassArchiveTest {

  private static final String RECORDING = "fundcheck: this run also records the JVM's class archive as it ends (once per build)";

  @TempDir Path dir;
  private Path target;
  private Path archive;

  /** What one launch did: its exit status, its stderr, and the arguments the JVM was started with. */
  private record Launch(int status, String stderr, List<String> jvmArguments) {
    boolean has(String argument) {
      return jvmArguments.contains(argument);
    }

    boolean hasPrefix(String prefix) {
      return jvmArguments.stream().anyMatch(a -> a.startsWith(prefix));
    }
  }

  @BeforeEach
  void builtProject() throws IOException {
    Files.copy(Path.of("fundcheck"), dir.resolve("fundcheck"));
    Files.setPosixFilePermissions(dir.resolve("fundcheck"), PosixFilePermissions.fromString("rwxr-xr-x"));
    // Sources older than the build stamp: the launcher does not build.
    Files.writeString(dir.resolve("pom.xml"), "<project/>");
    Files.createDirectories(dir.resolve("jobs/src/main"));
    Files.createDirectories(dir.resolve("schemas"));
    target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("fundcheck.classpath"), "/libraries.jar");
    Files.writeString(target.resolve("fundcheck.jvm-args"), "--add-opens=java.base/java.lang=ALL-UNNAMED\n");
    Files.writeString(target.resolve("fundcheck-classes.jar"), "");
    Path stamp = Files.writeString(target.resolve("fundcheck.build"), "");
    FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 60_000);
    Files.setLastModifiedTime(stamp, later);
    archive = target.resolve("fundcheck.jsa");

    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, String.join("\n",
        "#!/usr/bin/env bash",
        "printf '%s\\n' \"$@\" > \"$JVM_ARGUMENTS\"",
        "for a in \"$@\"; do",
        "  case \"$a\" in -XX:ArchiveClassesAtExit=*) printf 'classes' > \"${a#-XX:ArchiveClassesAtExit=}\" ;; esac",
        "done",
        "exit \"${JVM_EXIT:-0}\"",
        ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Launch launch(Map<String, String> env, String... arguments) throws Exception {
    Path jvmArguments = dir.resolve("jvm-arguments");
    Files.deleteIfExists(jvmArguments);
    List<String> command = new ArrayList<>(List.of("bash", dir.resolve("fundcheck").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("JVM_ARGUMENTS", jvmArguments.toString());
    pb.environment().remove("FUNDCHECK_CLASS_ARCHIVE");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
    List<String> jvm = Files.exists(jvmArguments) ? Files.readAllLines(jvmArguments) : List.of();
    return new Launch(p.exitValue(), stderr, jvm);
  }

  private List<String> leftInTarget() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("fundcheck.jsa")).sorted().toList();
    }
  }

  @Test
  void theFirstRunRecordsTheArchiveAndEveryLaterCommandStartsFromIt() throws Exception {
    Launch first = launch(Map.of(), "run", "--input", "drop", "--warehouse", "wh");
    assertEquals(0, first.status());
    assertEquals(RECORDING, first.stderr());
    assertTrue(first.hasPrefix("-XX:ArchiveClassesAtExit=" + archive + "."), first.jvmArguments().toString());
    assertFalse(first.hasPrefix("-XX:SharedArchiveFile="));
    assertTrue(first.has("-Xlog:cds*=off"));
    assertEquals("classes", Files.readString(archive));
    assertEquals(List.of("fundcheck.jsa"), leftInTarget());

    for (String command : List.of("run", "clues")) {
      Launch later = launch(Map.of(), command, "--warehouse", "wh");
      assertEquals(0, later.status());
      assertEquals("", later.stderr());
      assertTrue(later.has("-XX:SharedArchiveFile=" + archive), later.jvmArguments().toString());
      assertFalse(later.hasPrefix("-XX:ArchiveClassesAtExit="));
      assertEquals(List.of("org.fundcheck.cli.Main", command, "--warehouse", "wh"),
          later.jvmArguments().subList(later.jvmArguments().size() - 4, later.jvmArguments().size()));
    }
  }

  @Test
  void aRunThatFailsKeepsNoArchiveAndTheNextRunRecordsIt() throws Exception {
    Launch failed = launch(Map.of("JVM_EXIT", "2"), "run", "--input", "missing", "--warehouse", "wh");
    assertEquals(2, failed.status());
    assertTrue(failed.hasPrefix("-XX:ArchiveClassesAtExit="));
    assertEquals(List.of(), leftInTarget());

    Launch next = launch(Map.of(), "run", "--input", "drop", "--warehouse", "wh");
    assertEquals(0, next.status());
    assertEquals(List.of("fundcheck.jsa"), leftInTarget());
  }

  @Test
  void otherCommandsNeitherRecordNorUseAnArchive() throws Exception {
    Launch clues = launch(Map.of(), "clues", "--warehouse", "wh");
    assertEquals(0, clues.status());
    assertFalse(clues.hasPrefix("-XX:ArchiveClassesAtExit="));
    assertFalse(clues.hasPrefix("-XX:SharedArchiveFile="));
    assertEquals(List.of(), leftInTarget());
  }

  @Test
  void aRunThatOnlyPrintsItsHelpRecordsNothing() throws Exception {
    for (String help : List.of("--help", "-h", "--version", "-V")) {
      Launch run = launch(Map.of(), "run", help);
      assertEquals(0, run.status());
      assertEquals("", run.stderr());
      assertFalse(run.hasPrefix("-XX:ArchiveClassesAtExit="), run.jvmArguments().toString());
      assertEquals(List.of(), leftInTarget());
    }
  }

  @Test
  void aRunWhileAnotherRecordsStartsWithout() throws Exception {
    Files.createDirectory(target.resolve("fundcheck.jsa.lock"));
    Launch run = launch(Map.of(), "run", "--input", "drop", "--warehouse", "wh");
    assertEquals(0, run.status());
    assertEquals("", run.stderr());
    assertFalse(run.hasPrefix("-XX:ArchiveClassesAtExit="));
    assertEquals(List.of("fundcheck.jsa.lock"), leftInTarget());
  }

  @Test
  void switchedOffTheArchiveIsNeitherRecordedNorUsed() throws Exception {
    Launch off = launch(Map.of("FUNDCHECK_CLASS_ARCHIVE", "off"), "run", "--input", "drop", "--warehouse", "wh");
    assertFalse(off.hasPrefix("-XX:ArchiveClassesAtExit="));
    assertEquals(List.of(), leftInTarget());

    Files.writeString(archive, "classes");
    Launch offWithArchive = launch(Map.of("FUNDCHECK_CLASS_ARCHIVE", "off"), "clues", "--warehouse", "wh");
    assertFalse(offWithArchive.hasPrefix("-XX:SharedArchiveFile="));
  }
}
