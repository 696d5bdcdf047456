package org.fundcheck.rules;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.sql.Column;

/**
 * The stable clue id (rules.md, "Clue identity"): derived from (rule_code, entity_type, entity_id,
 * project_id) and nothing else, so the same anomaly has the same id on every run and machine. The form is
 * {@code RULE_CODE-} followed by the first 16 hex digits of SHA-256 over the four parts joined by
 * {@code |} (an empty project_id as the empty string), readable in a list and collision-free in practice.
 */
public final class ClueIds {

  private ClueIds() {}

  public static Column column(Column ruleCode, Column entityType, Column entityId, Column projectId) {
    Column digest =
        sha2(concat_ws("|", ruleCode, entityType, entityId, coalesce(projectId, lit(""))), 256);
    return concat(ruleCode, lit("-"), substring(digest, 1, 16));
  }

  /** The same id computed in plain Java, for tests and for code outside Spark. */
  public static String of(String ruleCode, String entityType, String entityId, String projectId) {
    String joined = String.join("|", ruleCode, entityType, entityId, projectId == null ? "" : projectId);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return ruleCode + "-" + HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
