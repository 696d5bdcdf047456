package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.rules.RuleContext;

/** What the project rules share: the unit a project clue is held against and the ledger evidence rows. */
final class ProjectFacts {

  private ProjectFacts() {}

  /**
   * The unit of each project clue: the project's unit_code; for a project missing from projects.csv, the
   * paying unit with the largest net amount among the given payments (as for household clues), so the
   * clue still reaches the team inspecting whoever paid; null when neither is known.
   *
   * @param clues {@code clue_id, project_id}
   * @param payments the clue's evidence payments: {@code clue_id, unit_code, net_amount}
   * @return {@code clue_id, unit_code}
   */
  static Dataset<Row> units(RuleContext ctx, Dataset<Row> clues, Dataset<Row> payments) {
    Dataset<Row> library = ctx.table("projects").select(col("project_id").as("u_project"), col("unit_code").as("u_unit"));
    Dataset<Row> paying = ResponsibleUnit.of(payments, "clue_id").withColumnRenamed("unit_code", "u_paying")
        .withColumnRenamed("clue_id", "u_clue");
    return clues.select("clue_id", "project_id")
        .join(library, col("project_id").equalTo(col("u_project")), "left")
        .join(paying, col("clue_id").equalTo(col("u_clue")), "left")
        .select(col("clue_id"), coalesce(col("u_unit"), col("u_paying")).as("unit_code"));
  }

  /**
   * {@code l_project, project_label}: {@code 项目 P001（村道硬化）}, or {@code 项目 P009（项目库中无此项目）} for
   * a project id the library does not hold.
   */
  static Dataset<Row> labels(RuleContext ctx, Dataset<Row> projectIds) {
    Dataset<Row> library =
        ctx.table("projects").select(col("project_id").as("n_project"), col("project_name").as("n_name"));
    return projectIds.select(col("project_id").as("l_project")).distinct()
        .join(library, col("l_project").equalTo(col("n_project")), "left")
        .select(col("l_project"),
            concat(lit("项目 "), col("l_project"), lit("（"), coalesce(col("n_name"), lit("项目库中无此项目")), lit("）"))
                .as("project_label"));
  }

  /** Allocation evidence rows from rows holding {@code clue_id} and the allocation's columns. */
  static Dataset<Row> allocationEvidence(Dataset<Row> allocations, String ruleCode) {
    return Shapes.evidence(
        allocations.select(
            col("clue_id"),
            lit(ruleCode).as("rule_code"),
            lit("allocation").as("kind"),
            col("allocation_id").as("ref_id"),
            col("allocated_on").as("ref_date"),
            col("amount"),
            concat_ws(" ", concat(lit("拨入 项目 "), col("project_id")), concat(lit("文号 "), col("doc_no")),
                concat(lit("来源 "), col("source_level"))).as("detail")));
  }

  /** Delivery evidence rows from rows holding {@code clue_id} and the delivery's columns. */
  static Dataset<Row> deliveryEvidence(Dataset<Row> deliveries, String ruleCode) {
    return Shapes.evidence(
        deliveries.select(
            col("clue_id"),
            lit(ruleCode).as("rule_code"),
            lit("delivery").as("kind"),
            col("delivery_id").as("ref_id"),
            col("delivered_on").as("ref_date"),
            col("amount"),
            concat_ws(" ", concat(lit("落地 项目 "), col("project_id")),
                concat(lit("户 "), col("household_id")), concat(lit("方式 "), col("evidence")),
                concat(lit("确认 "), col("source"))).as("detail")));
  }
}
