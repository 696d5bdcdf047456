package org.fundcheck.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.ImageIO;

/** A drawn chart: the image, its PNG bytes, and the PNG as base64 for a notebook's image/png output. */
public final class Chart {

  private final BufferedImage image;
  private final byte[] png;

  Chart(BufferedImage image) {
    this.image = Objects.requireNonNull(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.png = out.toByteArray();
  }

  public BufferedImage image() {
    return image;
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  public byte[] png() {
    return png.clone();
  }

  /** The PNG in base64, what a notebook's {@code image/png} output holds. */
  public String base64() {
    return Base64.getEncoder().encodeToString(png);
  }

  /** Writes the PNG to a file (folders created) and returns its path. */
  public String save(String file) {
    Path path = Path.of(file);
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.write(path, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path.toString();
  }
}
