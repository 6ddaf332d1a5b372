package io.oscsync.job.sink.handle;

import io.oscsync.job.config.ConfigException;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.MySqlLexer;
import io.oscsync.udfs.ddl.Token;
import io.oscsync.udfs.ddl.UnsupportedDdlException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The statements of a {@code replace:FILE}: split at the {@code ;} the lexer sees (not those in strings or comments). */
final class ReplacementFile {
    private ReplacementFile() {}

    static List<String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("--handle-ddl: cannot read the replacement file " + file + ": " + e);
        }
        List<String> out;
        try {
            out = split(text);
            for (String s : out) DdlStatement.parse(s);
        } catch (UnsupportedDdlException e) {
            throw new ConfigException("--handle-ddl: the replacement file " + file + " holds a statement osc-sync "
                    + "cannot read: " + e.getMessage() + ". Write DDL statements separated by ';'");
        }
        if (out.isEmpty()) {
            throw new ConfigException("--handle-ddl: the replacement file " + file + " holds no statement; to run "
                    + "nothing instead of the DDL, use =skip");
        }
        return out;
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        int end = 0;
        for (Token t : MySqlLexer.tokenize(text)) {
            if (t.isSymbol(";")) {
                if (start >= 0) out.add(text.substring(start, end));
                start = -1;
            } else {
                if (start < 0) start = t.start();
                end = t.end();
            }
        }
        if (start >= 0) out.add(text.substring(start, end));
        return out;
    }
}
