package dev.loadctl.report;

import dev.loadctl.result.SweepResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Strings from results are data, never markup: a hostile profile name must not run in a browser. */
class EscapingTest {

    private static final String PROFILE = "<script>alert('pwned')</script>";
    private static final String URL = "http://127.0.0.1:1/\"><img src=x onerror=alert(1)>?a=1&b=2";
    private static final String WARNING = "<b>wide spread</b>, \"quoted\" & [link](javascript:alert(1)) | cell";

    private static Report hostileReport() {
        SweepResult base = Fixtures.scalingSweep();
        SweepResult.SweepParameters p = base.parameters();
        SweepResult.SweepParameters hostile = new SweepResult.SweepParameters(p.threads(), p.connections(),
                p.durationSeconds(), p.warmupSeconds(), p.iterations(), p.wrkThreads(), p.targetRps(), p.slaP99Ms(),
                p.delayMs(), p.timeoutSeconds(), "<iframe src=//evil>", URL, p.lua());
        List<SweepResult.Point> points = base.points().stream().map(point -> new SweepResult.Point(point.threads(),
                point.wrkThreads(), point.stats(), point.littlesLawCeilingPerSecond(), point.efficiency(),
                List.of(WARNING), point.iterations(), point.startUp())).toList();
        SweepResult sweep = new SweepResult(base.schemaVersion(), base.loadctlVersion(), PROFILE, base.startedAt(),
                base.finishedAt(), true, null, hostile, base.environment(),
                List.of(new SweepResult.PreflightCheck("<svg onload=alert(1)>", "<warn>", "<u>x</u>", "<i>fix</i>")),
                points);
        return ReportBuilder.build(List.of(Fixtures.loaded(sweep, "reports/<evil>&\"quoted\"")), Overrides.NONE);
    }

    @Test
    void htmlEscapesEveryStringFromTheResult() {
        String html = ReportFormats.render(ReportFormats.Kind.HTML, hostileReport());

        assertThat(html).doesNotContain("<script", "<img src=x", "<iframe", "<svg", "<b>", "<u>", "<i>", "<warn>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;?a=1&amp;b=2")
                .contains("&lt;b&gt;wide spread&lt;/b&gt;, &quot;quoted&quot; &amp; [link](javascript:alert(1)) | cell")
                .contains("reports/&lt;evil&gt;&amp;&quot;quoted&quot;");
        // The only images are the embedded charts; nothing is fetched from anywhere.
        Matcher images = Pattern.compile("<img [^>]*>").matcher(html);
        int count = 0;
        while (images.find()) {
            assertThat(images.group()).contains("src=\"data:image/png;base64,");
            count++;
        }
        assertThat(count).isEqualTo(5);
        assertThat(html).doesNotContain("<link", "src=\"http", "<script");
    }

    @Test
    void markdownShowsHostileTextAsText() {
        String markdown = ReportFormats.render(ReportFormats.Kind.MARKDOWN, hostileReport());

        // Every '<' (and '[') comes escaped, so no tag or link can start.
        assertThat(markdown).doesNotContainPattern("(?<!\\\\)[<\\[]");
        assertThat(markdown).contains("\\<script\\>alert('pwned')\\</script\\>")
                .contains("\\<b\\>wide spread\\</b\\>, \"quoted\" \\& \\[link\\](javascript:alert(1)) \\| cell");
        // A '|' in a value must not split a table row: every row of the points table has the same cells.
        List<String> rows = markdown.lines().filter(line -> line.startsWith("| ")).toList();
        assertThat(rows).allSatisfy(row -> assertThat(row.split("(?<!\\\\)\\|", -1))
                .hasSize(rows.get(0).split("(?<!\\\\)\\|", -1).length));
    }

    @Test
    void csvQuotesValuesWithCommasAndQuotes() {
        String csv = ReportFormats.render(ReportFormats.Kind.CSV, hostileReport());

        assertThat(csv).contains(",\"<b>wide spread</b>, \"\"quoted\"\" & [link](javascript:alert(1)) | cell\"\n");
        assertThat(csv).contains("# loadctl report: " + PROFILE);
    }
}
