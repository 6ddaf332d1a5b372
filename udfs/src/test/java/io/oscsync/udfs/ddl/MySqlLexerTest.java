package io.oscsync.udfs.ddl;

import io.oscsync.udfs.ddl.Token.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MySqlLexerTest {

    private static List<String> texts(String sql) {
        return MySqlLexer.tokenize(sql).stream().map(Token::text).toList();
    }

    @Test
    void recognisesEveryTokenKindWithExactOffsets() {
        String sql = "ALTER `a``b`, 'it''s' \"q\\\"x\" 12 c3 <=> x.y";
        List<Token> tokens = MySqlLexer.tokenize(sql);
        assertEquals(
                List.of("ALTER", "`a``b`", ",", "'it''s'", "\"q\\\"x\"", "12", "c3", "<=>", "x", ".", "y"),
                tokens.stream().map(Token::text).toList());
        assertEquals(
                List.of(
                        Kind.WORD,
                        Kind.QUOTED_ID,
                        Kind.SYMBOL,
                        Kind.STRING,
                        Kind.STRING,
                        Kind.NUMBER,
                        Kind.WORD,
                        Kind.SYMBOL,
                        Kind.WORD,
                        Kind.SYMBOL,
                        Kind.WORD),
                tokens.stream().map(Token::kind).toList());
        for (Token t : tokens) {
            assertEquals(t.text(), sql.substring(t.start(), t.end()));
        }
        assertEquals("a`b", tokens.get(1).identifier());
    }

    @Test
    void skipsAllThreeCommentStyles() {
        assertEquals(List.of("a", "b", "c", "d"), texts("a /* x `y` 'z */ b -- comment 'q\nc # hash ` \n d"));
        assertEquals(List.of("a", "b"), texts("a/**/b"));
        assertEquals(List.of("a"), texts("a --"));
    }

    @Test
    void doubleDashWithoutSpaceIsNotAComment() {
        assertEquals(List.of("a", "-", "-", "1"), texts("a--1"));
    }

    @Test
    void quotesHideCommentsAndKeywords() {
        assertEquals(
                List.of("x", "'/* not a comment */ -- # rename table a to b'"),
                texts("x '/* not a comment */ -- # rename table a to b'"));
        assertEquals(List.of("`a -- b`"), texts("`a -- b`"));
        assertEquals(List.of("'a\\'b'", "c"), texts("'a\\'b' c"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "create table t (a int) /*!50100 PARTITION BY HASH(a) */",
                "drop /*M!100301 table */ t",
                "a 'unterminated",
                "a `unterminated",
                "a \"x",
                "a /* open",
                "a 'ends with backslash\\'"
            })
    void refusesWhatItCannotReadWithCertainty(String sql) {
        UnsupportedDdlException e = assertThrows(UnsupportedDdlException.class, () -> MySqlLexer.tokenize(sql));
        assertTrue(e.getMessage().contains(sql), e.getMessage());
        assertEquals(sql, e.sql());
    }

    @Test
    void keywordCheckIgnoresCaseButNeverMatchesQuotedNames() {
        List<Token> tokens = MySqlLexer.tokenize("TaBlE `table`");
        assertTrue(tokens.get(0).isWord("table"));
        assertTrue(!tokens.get(1).isWord("table") && tokens.get(1).isIdentifier());
    }
}
