package org.fundcheck.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;

/**
 * Bar charts of the ledgers, drawn with java.awt (headless) into a PNG a notebook shows and a file keeps.
 *
 * <p>The three ledgers nest (delivered within disbursed within allocated), so their bars are layered on one
 * baseline instead of side by side: each later series is drawn narrower and in front, and the part of a
 * wider bar left showing above a narrower one is the gap between the two ledgers.
 */
public final class Charts {

  /** More bars than this stop being readable; a chart takes at most this many rows. */
  public static final int MAX_BARS = 40;

  static final int LEFT = 100;
  static final int TOP = 50;
  static final int PLOT_HEIGHT = 300;
  static final int BOTTOM = 90;
  static final int SLOT_WIDTH = 72;
  static final int BAR_WIDTH = 56;
  static final int RIGHT = 160;

  /** Allocated, disbursed, delivered, then any further series. */
  static final Color[] SERIES_COLORS = {
    new Color(0x9E, 0xB9, 0xD4), new Color(0xF2, 0xA1, 0x4B), new Color(0x3C, 0x9D, 0x5D),
    new Color(0x8E, 0x5E, 0xA2), new Color(0xC0, 0x39, 0x2B)
  };

  private static final List<String> CJK_FONTS = List.of(
      "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Droid Sans Fallback");

  private Charts() {}

  /**
   * One bar per row (the first {@link #MAX_BARS} rows in the Dataset's order), labelled by
   * {@code labelColumn}, with one layer per value column (money or counts; null counts as 0).
   */
  public static Chart bars(String title, Dataset<Row> rows, String labelColumn, String... valueColumns) {
    List<String> columns = Arrays.asList(rows.columns());
    for (String c : concat(labelColumn, valueColumns)) {
      if (!columns.contains(c)) {
        throw FundcheckErrors.unknownColumn(c, columns);
      }
    }
    if (valueColumns.length == 0) {
      throw new IllegalArgumentException("a bar chart needs at least one value column");
    }
    List<String> labels = new ArrayList<>();
    List<BigDecimal[]> values = new ArrayList<>();
    // A unit's report: a few dozen rows at most are fetched, never the ledger.
    for (Row r : rows.select(labelColumn, valueColumns).limit(MAX_BARS).collectAsList()) {
      labels.add(r.isNullAt(0) ? "" : r.get(0).toString());
      BigDecimal[] v = new BigDecimal[valueColumns.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.isNullAt(i + 1) ? BigDecimal.ZERO : new BigDecimal(r.get(i + 1).toString());
      }
      values.add(v);
    }
    return new Chart(draw(title, labels, Arrays.asList(valueColumns), values));
  }

  /** How many pixels high a value's bar is, the largest value filling the plot. */
  static int barHeight(BigDecimal value, BigDecimal max) {
    if (max.signum() <= 0 || value.signum() <= 0) {
      return 0;
    }
    return value.multiply(BigDecimal.valueOf(PLOT_HEIGHT)).divide(max, 0, RoundingMode.HALF_UP).intValueExact();
  }

  /** The width of series {@code i}'s bar: each later layer narrower, so every layer stays visible. */
  static int layerWidth(int i, int layers) {
    return BAR_WIDTH - (BAR_WIDTH / 2) * i / Math.max(1, layers - 1);
  }

  private static BufferedImage draw(String title, List<String> labels, List<String> series, List<BigDecimal[]> values) {
    int width = LEFT + Math.max(4, labels.size()) * SLOT_WIDTH + RIGHT;
    int height = TOP + PLOT_HEIGHT + BOTTOM;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      List<String> texts = new ArrayList<>(labels);
      texts.add(title);
      texts.addAll(series);
      Font font = fontFor(texts);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      BigDecimal max = BigDecimal.ZERO;
      for (BigDecimal[] v : values) {
        for (BigDecimal x : v) {
          max = x.max(max);
        }
      }
      int baseline = TOP + PLOT_HEIGHT;
      // Grid and axis labels at quarters of the largest value, in yuan.
      g.setFont(font.deriveFont(Font.PLAIN, 11f));
      FontMetrics small = g.getFontMetrics();
      for (int q = 0; q <= 4; q++) {
        int y = baseline - PLOT_HEIGHT * q / 4;
        g.setColor(new Color(0xE0, 0xE0, 0xE0));
        g.drawLine(LEFT, y, width - RIGHT, y);
        String tick = max.multiply(BigDecimal.valueOf(q)).divide(BigDecimal.valueOf(4), 0, RoundingMode.HALF_UP)
            .toPlainString();
        g.setColor(Color.DARK_GRAY);
        g.drawString(tick, LEFT - 6 - small.stringWidth(tick), y + small.getAscent() / 2);
      }
      for (int b = 0; b < labels.size(); b++) {
        int centre = LEFT + b * SLOT_WIDTH + SLOT_WIDTH / 2;
        BigDecimal[] v = values.get(b);
        for (int s = 0; s < v.length; s++) {
          int h = barHeight(v[s], max);
          int w = layerWidth(s, v.length);
          g.setColor(SERIES_COLORS[s % SERIES_COLORS.length]);
          g.fillRect(centre - w / 2, baseline - h, w, h);
        }
        g.setColor(Color.DARK_GRAY);
        String label = fit(labels.get(b), small, SLOT_WIDTH - 4);
        g.drawString(label, centre - small.stringWidth(label) / 2, baseline + 6 + small.getAscent());
      }
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(LEFT, baseline, width - RIGHT, baseline);
      g.drawLine(LEFT, TOP, LEFT, baseline);
      // Legend, in the order the layers are drawn.
      for (int s = 0; s < series.size(); s++) {
        int y = TOP + s * 22;
        g.setColor(SERIES_COLORS[s % SERIES_COLORS.length]);
        g.fillRect(width - RIGHT + 16, y, 14, 14);
        g.setColor(Color.DARK_GRAY);
        g.drawString(series.get(s), width - RIGHT + 36, y + 12);
      }
      g.setFont(font.deriveFont(Font.BOLD, 15f));
      g.drawString(title, LEFT, TOP - 20);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** A font that shows every text of the chart: a CJK one where unit names need it and one is installed. */
  private static Font fontFor(List<String> texts) {
    String all = String.join("", texts);
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    if (plain.canDisplayUpTo(all) == -1) {
      return plain;
    }
    List<String> installed = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    for (String family : CJK_FONTS) {
      Font f = new Font(family, Font.PLAIN, 12);
      if (installed.contains(family) && f.canDisplayUpTo(all) == -1) {
        return f;
      }
    }
    return plain;
  }

  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String t = text;
    while (!t.isEmpty() && metrics.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  private static String[] concat(String head, String... tail) {
    String[] all = new String[tail.length + 1];
    all[0] = head;
    System.arraycopy(tail, 0, all, 1, tail.length);
    return all;
  }
}
