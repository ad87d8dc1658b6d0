package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every valid parser golden definition, as it is and cut, spliced and corrupted at seeded random places: parsing
 * never throws, and every result keeps {@link ParserInvariants} (AWS's codes, locations that name a node of the
 * document, the same answer twice, a valid definition written again parses to the same machine).
 */
class ParserRobustnessTest {
    private static final String[] JUNK = {"null", "1", "-1", "\"x\"", "[]", "{}", "true", "\"{% %}\"", "1.5", "\"$\""};

    @Test
    void corrupted_definitions_give_findings_that_keep_the_parser_invariants() throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/parser/valid"))) {
            sources = s.sorted().map(p -> {
                try { return Files.readString(p); } catch (IOException e) { throw new RuntimeException(e); }
            }).toList();
        }
        for (String src : sources) {
            assertThat(ParserInvariants.check(src)).as(src).isInstanceOf(ParseResult.Valid.class);
        }
        Random random = new Random(20261124);
        int invalid = 0;
        for (int i = 0; i < 1000; i++) {
            String src = sources.get(random.nextInt(sources.size()));
            if (ParserInvariants.check(mutate(src, random)) instanceof ParseResult.Invalid) invalid++;
        }
        assertThat(invalid).as("corruptions must mostly break definitions").isGreaterThan(500);
    }

    /** Replaces one JSON value (after a ':' or '[') with junk, or truncates the text. */
    private static String mutate(String src, Random random) {
        if (random.nextInt(10) == 0) return src.substring(0, random.nextInt(src.length()));
        int at = random.nextInt(src.length());
        int colon = src.indexOf(':', at);
        if (colon < 0) return src;
        int end = colon + 1;
        while (end < src.length() && ",}\n".indexOf(src.charAt(end)) < 0) end++;
        if (src.charAt(end - 1) == '{' || src.charAt(end - 1) == '[') return src;
        return src.substring(0, colon + 1) + " " + JUNK[random.nextInt(JUNK.length)] + src.substring(end);
    }
}
