package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Rule;
import org.fundcheck.rules.Rules;
import org.fundcheck.rules.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Spark job of a nightly run carries its stage (file, rule, …), so the run reads clearly in the Spark
 * UI. The drop holds a row of every file, so that every file's load and every rule runs Spark jobs.
 */
class StageLabelsTest {

  static final String GROUP = "spark.jobGroup.id";
  static final String DESCRIPTION = "spark.job.description";

  @TempDir Path dir;

  /** Records each job's group and description as the scheduler starts it. */
  static final class Jobs extends SparkListener {
    final List<String[]> started = Collections.synchronizedList(new ArrayList<>());
    final TreeMap<Integer, String> groups = new TreeMap<>();
    final CountDownLatch marker = new CountDownLatch(1);

    @Override
    public synchronized void onJobStart(SparkListenerJobStart job) {
      String group = job.properties() == null ? null : job.properties().getProperty(GROUP);
      String description = job.properties() == null ? null : job.properties().getProperty(DESCRIPTION);
      started.add(new String[] {group, description});
      groups.put(job.jobId(), group);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd job) {
      if ("marker".equals(groups.get(job.jobId()))) {
        marker.countDown();
      }
    }
  }

  @Test
  void everyJobOfARunIsLabelledWithItsStage() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "units.csv", """
        unit_code,unit_name,unit_type,parent_code
        630200,海东市,city,
        630222,民和县,county,630200
        630222-FPB,民和县扶贫开发局,department,630222
        630222,民和县,county,630200
        """);
    String head = Drops.id("630222", "19800101", 1);
    String other = Drops.id("630222", "19700101", 2);
    Drops.write(drop, "households.csv", """
        household_id,village_code,head_id_number,head_name,members,status,registered_on,exited_on,bank_account
        H1,630222001001,%s,王某某,2,registered,2016-03-01,,6228480000000000001
        """.formatted(head));
    Drops.write(drop, "household_members.csv", """
        household_id,id_number,name,relation
        H1,%s,王某某,head
        """.formatted(head));
    Drops.write(drop, "allocations.csv", """
        allocation_id,project_id,source_level,doc_no,amount,allocated_on
        A1,P1,province,,1000.00,2018-01-01
        """);
    Drops.write(drop, "deliveries.csv", """
        delivery_id,project_id,household_id,amount,delivered_on,evidence,source
        L1,P1,H1,500.00,2018-03-10,bank_credit,
        """);
    Drops.write(drop, "findings.csv", """
        finding_id,round,unit_code,category,description,project_id,household_id,amount,found_on,status,rectified_on,clue_transferred
        F1,2018-R1,630222,over_disbursed,超拨,P1,,100.00,2018-06-01,rectified,2018-09-01,false
        """);
    Drops.write(drop, "deaths.csv", "id_number,name,died_on,source\n%s,李某某,2017-05-03,公安\n".formatted(other));
    Drops.write(drop, "public_payroll.csv", "id_number,name,employer,on_payroll_since,on_payroll_until\n"
        + other + ",李某某,某局,2010-01-01,\n");
    Drops.write(drop, "vehicles.csv", "plate_no,owner_id_number,vehicle_type,registered_on,deregistered_on\n"
        + "青B00001," + other + ",car,2017-06-29,\n");
    Drops.write(drop, "companies.csv", "credit_code,company_name,legal_rep_id_number,registered_on,registered_capital\n"
        + "91630223MA7000001X,某公司," + other + ",2009-05-19,3300000.00\n");
    Drops.write(drop, "village_cadres.csv", "id_number,name,village_code,role,term_start,term_end\n"
        + other + ",李某某,630222001001,村委会主任,2017-01-01,2020-12-31\n");
    Drops.write(drop, "projects.csv", """
        project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
        P1,产业补贴,subsidy,630222,,2018-01-01,2018-12-31,1000.00,completed
        """);
    Drops.write(drop, "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D1,P1,630222-FPB,company,91630223MA7000001X,某公司,,1500.00,,2018-03-01,V1,工程款
        """);
    TreeSet<String> expected = new TreeSet<>(List.of("runs", "load:quarantine", "reconcile", "match", "ledger", "marker"));
    for (org.fundcheck.schema.FileSpec file : org.fundcheck.schema.InputContract.get().files()) {
      expected.add("load:" + file.name());
    }
    for (Rule rule : Rules.all()) {
      expected.add("rule:" + rule.code());
    }
    assertEquals(expected, groupsOfRun(drop, LocalDate.of(2019, 3, 20)));

    // The night after, the same drop again: finding what changed and carrying over the other clues are
    // stages of their own, not the run ledger's; every file is the one the last run loaded, so no file's
    // load runs a Spark job.
    TreeSet<String> nightAfter = new TreeSet<>(expected);
    nightAfter.removeIf(group -> group.startsWith("load:"));
    nightAfter.addAll(List.of("rules:scope", "rules:carried"));
    assertEquals(nightAfter, groupsOfRun(drop, LocalDate.of(2019, 3, 21)));
  }

  /** The groups of the Spark jobs of one run of {@code drop} into this test's warehouse, after none unlabelled. */
  private TreeSet<String> groupsOfRun(Path drop, LocalDate asOf) throws InterruptedException {
    SparkSession spark = TestSpark.session();
    Jobs jobs = new Jobs();
    spark.sparkContext().addSparkListener(jobs);
    try {
      new NightlyRun(spark, new NightlyRun.Options(drop.toString(), dir.resolve("wh").toString(),
          asOf, Encodings.Choice.AUTO, Settings.defaults())).execute();
      // Listener events arrive in order, so once the marker job's end is seen every job of the run is too.
      spark.sparkContext().setJobGroup("marker", "marker", false);
      spark.range(1).count();
      spark.sparkContext().clearJobGroup();
      assertTrue(jobs.marker.await(60, TimeUnit.SECONDS), "the marker job's end was not reported");
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
    }
    TreeSet<String> seen = new TreeSet<>();
    List<String> unlabelled = new ArrayList<>();
    synchronized (jobs) {
      for (String[] job : jobs.started) {
        if (job[0] == null || job[1] == null) {
          unlabelled.add(String.valueOf(job[1]));
        } else {
          seen.add(job[0]);
        }
      }
    }
    assertEquals(List.of(), unlabelled);
    return seen;
  }
}
