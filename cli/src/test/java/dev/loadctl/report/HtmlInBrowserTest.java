package dev.loadctl.report;

import dev.loadctl.result.ResultStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the HTML report in a real browser (Debian's headless Chromium) and checks it renders: a screenshot
 * of a sensible size, with the verdict box's colour in it. Skipped, saying why, where Chromium is absent.
 * The screenshots are kept in target/report-browser/ for a person to look at.
 */
class HtmlInBrowserTest {

    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    /** The NOT REACHED box's background (.not-reached in the page's style). */
    private static final int NOT_REACHED_BACKGROUND = 0xfdecec;
    /** The REACHED box's background (.reached). */
    private static final int REACHED_BACKGROUND = 0xe8f6e8;
    /** The note under the heading (.caveat). */
    private static final int NOTE_BACKGROUND = 0xfff8e1;

    @TempDir
    Path temp;

    @Test
    void theOriginsReportRendersInChromium() throws Exception {
        Path one = temp.resolve("seed-one-thread.json");
        Path four = temp.resolve("seed-four-threads.json");
        ResultStore.writeRun(one, Fixtures.seedOneThread());
        ResultStore.writeRun(four, Fixtures.seedFourThreads());

        BufferedImage image = screenshot(List.of(one, four), "index.html", "origin-index.png", 2000);
        assertThat(countPixels(image, NOT_REACHED_BACKGROUND)).as("pixels of the NOT REACHED box")
                .isGreaterThan(10_000);
    }

    /** A sweep with every chart: the wrk -t note, the verdict, the points table within the page, five charts. */
    @Test
    void aSweepsReportWithEveryChartRendersInChromium() throws Exception {
        Path sweep = temp.resolve("sweep").resolve("result.json");
        ResultStore.writeSweep(sweep, Fixtures.scalingSweep());

        BufferedImage image = screenshot(List.of(sweep.getParent()), "index.html", "scaling-index.png", 4200);
        assertThat(countPixels(image, REACHED_BACKGROUND)).as("pixels of the REACHED box").isGreaterThan(10_000);
        assertThat(countPixels(image, NOTE_BACKGROUND)).as("pixels of the wrk -t note").isGreaterThan(5_000);
        String html = Files.readString(temp.resolve("sweep").resolve("index.html"));
        assertThat(html.split("<img ", -1)).hasSize(6);
    }

    private BufferedImage screenshot(List<Path> inputs, String page, String keptAs, int height) throws Exception {
        Path chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium):"
                + " the HTML report was not checked in a browser");
        Reporter.Outcome outcome = Reporter.run(new Reporter.Request(inputs, EnumSet.of(ReportFormats.Kind.HTML),
                        false, inputs.size() == 1 && Files.isDirectory(inputs.get(0)) ? null : temp, Overrides.NONE),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Path html = outcome.files().get(0);
        assertThat(html.getFileName()).hasToString(page);

        Path screenshot = temp.resolve("screenshot-" + keptAs);
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--screenshot=" + screenshot, "--window-size=1200," + height,
                html.toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("chromium.log").toFile())
                .start();
        try {
            boolean finished = browser.waitFor(90, TimeUnit.SECONDS);
            assertThat(finished).as("chromium took longer than 90 s; log:\n%s", log()).isTrue();
        } finally {
            // Chromium forks zygote and GPU helpers: end the whole tree, children first.
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
            browser.waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(screenshot).as("chromium wrote no screenshot; log:\n%s", log()).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        Path kept = Path.of("target", "report-browser");
        Files.createDirectories(kept);
        Files.copy(screenshot, kept.resolve(keptAs), StandardCopyOption.REPLACE_EXISTING);

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(height);
        return image;
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private String log() throws IOException {
        Path log = temp.resolve("chromium.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
