package org.fundcheck.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.FundcheckException;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  private static final StructType LEDGER = new StructType()
      .add("township", DataTypes.StringType)
      .add("allocated", DataTypes.createDecimalType(18, 2))
      .add("disbursed", DataTypes.createDecimalType(18, 2))
      .add("delivered", DataTypes.createDecimalType(18, 2));

  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static Dataset<Row> twoTownships() {
    return TestSpark.session().createDataFrame(List.of(
        RowFactory.create("T1", new BigDecimal("100.00"), new BigDecimal("60.00"), new BigDecimal("30.00")),
        RowFactory.create("T2", new BigDecimal("50.00"), new BigDecimal("50.00"), null)), LEDGER);
  }

  @Test
  void layersTheLedgersSoEachGapShowsAboveTheNextLayer() {
    Chart chart = Charts.bars("ledgers", twoTownships(), "township", "allocated", "disbursed", "delivered");
    BufferedImage img = chart.image();
    assertEquals(Charts.LEFT + 4 * Charts.SLOT_WIDTH + Charts.RIGHT, chart.width());
    assertEquals(Charts.TOP + Charts.PLOT_HEIGHT + Charts.BOTTOM, chart.height());
    int base = Charts.TOP + Charts.PLOT_HEIGHT;
    int t1 = Charts.LEFT + Charts.SLOT_WIDTH / 2;
    // T1 at its centre, from the baseline up: delivered 30 %, disbursed to 60 %, allocated to 100 %, then nothing.
    assertEquals(Charts.SERIES_COLORS[2], colour(img, t1, base - 1));
    assertEquals(Charts.SERIES_COLORS[2], colour(img, t1, base - 90));
    assertEquals(Charts.SERIES_COLORS[1], colour(img, t1, base - 91));
    assertEquals(Charts.SERIES_COLORS[1], colour(img, t1, base - 180));
    assertEquals(Charts.SERIES_COLORS[0], colour(img, t1, base - 181));
    assertEquals(Charts.SERIES_COLORS[0], colour(img, t1, base - 300));
    // The allocated layer is the widest: beside the narrower layers only it shows.
    int edge = t1 - Charts.layerWidth(0, 3) / 2;
    assertEquals(Charts.SERIES_COLORS[0], colour(img, edge, base - 1));
    // T2: nothing delivered (null), all of its allocation disbursed, half the height of T1.
    int t2 = t1 + Charts.SLOT_WIDTH;
    assertEquals(Charts.SERIES_COLORS[1], colour(img, t2, base - 1));
    assertEquals(Charts.SERIES_COLORS[1], colour(img, t2, base - 150));
    assertEquals(Color.WHITE, colour(img, t2, base - 151));
  }

  @Test
  void barHeightsAreExactFractionsOfTheLargestValue() {
    assertEquals(300, Charts.barHeight(new BigDecimal("100.00"), new BigDecimal("100.00")));
    assertEquals(100, Charts.barHeight(new BigDecimal("33.34"), new BigDecimal("100.00")));
    assertEquals(0, Charts.barHeight(new BigDecimal("-5.00"), new BigDecimal("100.00")));
    assertEquals(0, Charts.barHeight(BigDecimal.ZERO, BigDecimal.ZERO));
    assertEquals(Arrays.asList(56, 42, 28), Arrays.asList(Charts.layerWidth(0, 3), Charts.layerWidth(1, 3), Charts.layerWidth(2, 3)));
  }

  @Test
  void thePngIsWhatTheFileAndTheNotebookOutputHold() throws Exception {
    Chart chart = Charts.bars("ledgers", twoTownships(), "township", "allocated");
    byte[] png = chart.png();
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    Path file = Path.of(chart.save(dir.resolve("charts/ledgers.png").toString()));
    assertArrayEquals(png, Files.readAllBytes(file));
    assertArrayEquals(png, Base64.getDecoder().decode(chart.base64()));
  }

  @Test
  void anUnknownColumnNamesTheColumnsThereAre() {
    FundcheckException e = assertThrows(FundcheckException.class,
        () -> Charts.bars("ledgers", twoTownships(), "township", "paid"));
    assertEquals("no column 'paid' in the rows given: they have township, allocated, disbursed, delivered;"
        + " name one of these columns", e.getMessage());
  }

  private static Color colour(BufferedImage img, int x, int y) {
    return new Color(img.getRGB(x, y));
  }
}
