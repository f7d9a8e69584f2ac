package dev.loadctl.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * picocli's usage help, wrapped only at spaces. picocli wraps with the JDK's line {@code BreakIterator},
 * which also breaks after '.', ',', ':' or ')' before a letter: "result.json" became "result." and "json"
 * on two lines, "e.g." became "e." and "g.", which reads wrong and cannot be copied. Every place picocli
 * wraps text (synopsis, description, option and command lists, footer) goes through {@link WholeWords}.
 */
final class UsageHelp extends Help {

    /** picocli's own cap (private there): a synopsis is never indented by more than this share of the width. */
    private static final double MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD = 0.9;

    private static final int NAME_COLUMN_MAX = 12;

    UsageHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    @Override
    public String customSynopsis(Object... params) {
        return paragraphs(commandSpec().usageMessage().customSynopsis(), params);
    }

    /** What picocli's {@code Help.join} does, with whole-word wrapping. */
    private String paragraphs(String[] lines, Object... params) {
        if (lines == null || lines.length == 0) {
            return "";
        }
        TextTable table = new WholeWords(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : lines) {
            table.addRowValues(line == null ? "" : String.format(line, params));
        }
        return table.toString();
    }

    /** picocli's synopsis layout: the first line after the command name, the rest indented below it. */
    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text details) {
        String commandName = commandSpec().qualifiedName();
        UsageMessageSpec usage = commandSpec().usageMessage();
        int indent = synopsisHeadingLength + commandName.length() + 1;
        if (indent > usage.synopsisAutoIndentThreshold() * width()) {
            indent = usage.synopsisIndent() < 0 ? synopsisHeadingLength : usage.synopsisIndent();
            indent = Math.min(indent, (int) (MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD * width()));
        }
        TextTable table = new WholeWords(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = indent;
        Text padding = colorScheme().text(" ".repeat(synopsisHeadingLength));
        table.addRowValues(padding.concat(colorScheme().commandText(commandName)).concat(details));
        return table.toString().substring(synopsisHeadingLength);
    }

    /** Options and positional parameters: picocli's default columns, in a whole-word table. */
    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme scheme) {
        TextTable defaults = TextTable.forDefaultColumns(scheme,
                calcLongOptionColumnWidth(options, positionals, scheme), width());
        return new Layout(scheme, new WholeWords(scheme, defaults.columns()), createDefaultOptionRenderer(),
                createDefaultParameterRenderer());
    }

    /** picocli's command list (name, then the first line of the description), in a whole-word table. */
    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        // A name longer than NAME_COLUMN_MAX (generate-completion) runs into the description column and its
        // description starts on the next line, as a long option's does, rather than narrowing every description.
        int nameWidth = Math.min(subcommands.keySet().stream().mapToInt(String::length)
                .filter(length -> length <= NAME_COLUMN_MAX).max().orElse(NAME_COLUMN_MAX), width() / 2);
        TextTable table = new WholeWords(colorScheme(), new Column(nameWidth + 2, 2, Overflow.SPAN),
                new Column(width() - (nameWidth + 2), 2, Overflow.WRAP));
        for (Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            Text[] lines = colorScheme().text(summary.length > 0 ? String.format(summary[0]) : "").splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    /** A text table whose wrapping columns break lines at spaces only (a longer word is cut, as picocli does). */
    static final class WholeWords extends TextTable {

        private final ColorScheme scheme;

        WholeWords(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Overflow.WRAP || value == null || value.plainString().isEmpty()) {
                return super.putValue(row, col, value);
            }
            List<Text> lines = wrap(value, column.width - column.indent,
                    column.width - column.indent - indentWrappedLines);
            Cell cell = super.putValue(row, col, lines.get(0));
            Text hanging = scheme.text(" ".repeat(Math.max(0, indentWrappedLines)));
            for (Text line : lines.subList(1, lines.size())) {
                addEmptyRow();
                cell = super.putValue(++row, col, hanging.concat(line));
            }
            return cell;
        }

        /** Lines of at most {@code first} characters, then {@code rest}, broken at spaces, which are dropped. */
        static List<Text> wrap(Text value, int first, int rest) {
            String plain = value.plainString();
            List<Text> lines = new ArrayList<>();
            int start = 0;
            while (start < plain.length()) {
                int room = Math.max(1, lines.isEmpty() ? first : rest);
                if (plain.length() - start <= room) {
                    lines.add(value.substring(start, plain.length()));
                    break;
                }
                int end = plain.lastIndexOf(' ', start + room);
                while (end > start && plain.charAt(end - 1) == ' ') {
                    end--;
                }
                if (end <= start) {
                    end = start + room; // one word wider than the column: cut it, as picocli does
                }
                lines.add(value.substring(start, end));
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
            }
            return lines;
        }
    }
}
