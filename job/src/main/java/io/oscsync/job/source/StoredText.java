package io.oscsync.job.source;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Text as a column of a given MySQL charset stores it: a character the charset lacks becomes
 * '?', as the server converts it. An ENUM or SET member the DDL wrote as '日本' in a latin1 column
 * is the member '??' on the server; the binlog gives its index, so the member must be read that way.
 */
final class StoredText {
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("latin1", "windows-1252"),
            Map.entry("latin2", "ISO-8859-2"),
            Map.entry("latin5", "ISO-8859-9"),
            Map.entry("latin7", "ISO-8859-13"),
            Map.entry("ascii", "US-ASCII"),
            Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"),
            Map.entry("cp1250", "windows-1250"),
            Map.entry("cp1251", "windows-1251"),
            Map.entry("cp1256", "windows-1256"),
            Map.entry("cp1257", "windows-1257"),
            Map.entry("cp850", "IBM850"),
            Map.entry("cp852", "IBM852"),
            Map.entry("cp866", "IBM866"),
            Map.entry("koi8r", "KOI8-R"),
            Map.entry("koi8u", "KOI8-U"),
            Map.entry("gbk", "GBK"),
            Map.entry("gb2312", "GB2312"),
            Map.entry("gb18030", "GB18030"),
            Map.entry("big5", "Big5"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("cp932", "windows-31j"),
            Map.entry("ujis", "EUC-JP"),
            Map.entry("eucjpms", "EUC-JP"),
            Map.entry("euckr", "EUC-KR"),
            Map.entry("tis620", "TIS-620"));

    private StoredText() {}

    /**
     * How a column of {@code charset} stores text; null when it stores every character (utf8mb4,
     * utf16, utf32, binary) or the charset is one osc-sync does not know (text is then kept as written).
     */
    static UnaryOperator<String> of(String charset) {
        if (charset == null) return null;
        String name = charset.toLowerCase(Locale.ROOT);
        if (name.equals("utf8") || name.equals("utf8mb3") || name.equals("ucs2")) return StoredText::basicPlane;
        String java = JAVA_NAMES.get(name);
        if (java == null || !Charset.isSupported(java)) return null;
        Charset cs = Charset.forName(java);
        return s -> new String(s.getBytes(cs), cs); // unmappable characters become '?', one each
    }

    /** utf8mb3 and ucs2 hold no character beyond the Basic Multilingual Plane. */
    private static String basicPlane(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c > 0xFFFF) out.append('?');
            else out.appendCodePoint(c);
        });
        return out.toString();
    }
}
