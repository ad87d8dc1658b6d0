package io.stepwise.engine;

import static io.stepwise.engine.Harness.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.asl.StatesError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How one object's bytes become items: CSV after "How Step Functions parses input CSV files", JSON and JSON Lines. */
class ItemFilesTest extends ItemReaderCase {
    static final String CSV = "{'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW'}";

    static String given(String... headers) {
        return "{'InputType': 'CSV', 'CSVHeaderLocation': 'GIVEN', 'CSVHeaders': ['" + String.join("', '", headers)
                + "']}";
    }

    @Test
    void a_csv_with_its_header_in_the_first_row_reads_one_object_of_strings_per_row() throws StatesError {
        s3.object("data", "ratings.csv", "userId,movieId,rating\n1,307,3.5\r\n1,481,3.5\n");
        assertThat(read(getObject("ratings.csv", CSV))).isEqualTo(q("[{'userId':'1','movieId':'307','rating':'3.5'},"
                + "{'userId':'1','movieId':'481','rating':'3.5'}]"));
    }

    @Test
    void a_csv_with_a_given_header_reads_one_object_per_row_from_the_first() throws StatesError {
        s3.object("data", "ratings.csv", "1,307,3.5,1256677221\n1,481,3.5,1256677456\n");
        assertThat(read(getObject("ratings.csv", given("userId", "movieId", "rating", "timestamp")))).isEqualTo(q(
                "[{'userId':'1','movieId':'307','rating':'3.5','timestamp':'1256677221'},"
                        + "{'userId':'1','movieId':'481','rating':'3.5','timestamp':'1256677456'}]"));
    }

    @ParameterizedTest
    @CsvSource({"COMMA, ','", "PIPE, '|'", "SEMICOLON, ';'", "SPACE, ' '", "TAB, '\t'"})
    void each_csv_delimiter_separates_fields_and_the_others_are_plain_characters(String name, char delimiter)
            throws StatesError {
        String others = ",|; \t".replace(String.valueOf(delimiter), "");
        s3.object("data", "d.csv", "a" + delimiter + "b\nx" + others + "y" + delimiter + "z\n");
        String expected = Json.text(Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode()
                .put("a", "x" + others + "y").put("b", "z")));
        assertThat(read(getObject("d.csv", "{'InputType': 'CSV', 'CSVDelimiter': '" + name + "'}"))).isEqualTo(expected);
    }

    @Test
    void a_quoted_field_keeps_its_delimiters_newlines_and_doubled_quotes() throws StatesError {
        s3.object("data", "q.csv", "MyLetters,MyString,MyArray\nabc,\"commas, a quote (\"\"), and a newline (\n)\",\"[1,2,3]\"\n");
        assertThat(read(getObject("q.csv", CSV))).isEqualTo("[{\"MyLetters\":\"abc\",\"MyString\":\"commas, a quote "
                + "(\\\"), and a newline (\\n)\",\"MyArray\":\"[1,2,3]\"}]");
    }

    @Test
    void a_backslash_escapes_a_backslash_a_quote_and_the_delimiter() throws StatesError {
        s3.object("data", "b.csv", "path|note\nC:\\\\Program Files\\\\MyApp.exe|a \\| b and \\\"c\\\"\n");
        assertThat(read(getObject("b.csv", "{'InputType': 'CSV', 'CSVDelimiter': 'PIPE'}"))).isEqualTo(
                "[{\"path\":\"C:\\\\Program Files\\\\MyApp.exe\",\"note\":\"a | b and \\\"c\\\"\"}]");
    }

    /** LocalStack's AWS-validated test_map_item_reader_base_csv_headers_decl and ..._decl_extra_fields rows. */
    @Test
    void a_short_row_gets_empty_strings_and_a_long_rows_extra_fields_are_dropped() throws StatesError {
        s3.object("data", "f.csv", "Value1,Value2,Value3\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n");
        assertThat(read(getObject("f.csv", given("H1", "H2", "H3")))).isEqualTo(q("[{'H1':'Value1','H2':'Value2',"
                + "'H3':'Value3'},{'H1':'','H2':'','H3':''},{'H1':'true','H2':'1','H3':'\\u0027HelloWorld\\u0027'},"
                + "{'H1':'Null','H2':'None','H3':''},{'H1':'   ','H2':'','H3':''}]").replace("\\u0027", "'"));
        assertThat(read(getObject("f.csv", given("H1")))).startsWith(q("[{'H1':'Value1'},{'H1':''},"));
    }

    @Test
    void empty_lines_are_no_rows_and_an_empty_file_no_items() throws StatesError {
        s3.object("data", "e.csv", "a,b\n\n1,2\n\n").object("data", "empty.csv", "");
        assertThat(read(getObject("e.csv", CSV))).isEqualTo(q("[{'a':'1','b':'2'}]"));
        assertThat(read(getObject("empty.csv", CSV))).isEqualTo("[]");
        assertThat(read(getObject("empty.csv", given("a")))).isEqualTo("[]");
    }

    @Test
    void max_items_counts_rows_after_the_header() throws StatesError {
        s3.object("data", "m.csv", "n\n1\n2\n3\n");
        assertThat(read(getObject("m.csv", "{'InputType': 'CSV', 'MaxItems': 2}"))).isEqualTo(q("[{'n':'1'},{'n':'2'}]"));
    }

    @Test
    void duplicate_headers_fail_the_reader_whether_given_or_in_the_first_row() {
        s3.object("data", "dup.csv", "H1,H1\n1,2\n");
        fails(getObject("dup.csv", given("H1", "H1", "H3")), "CSV headers cannot contain duplicates.");
        fails(getObject("dup.csv", CSV), "CSV headers cannot contain duplicates.");
    }

    @Test
    void a_header_over_10_kib_fails_the_reader() {
        String header = "h".repeat(ItemFiles.MAX_HEADER_BYTES) + ",i";
        s3.object("data", "wide.csv", header + "\n1,2\n").object("data", "fits.csv", header.substring(2) + "\n1\n");
        fails(getObject("wide.csv", CSV), "The CSV header is 10242 bytes: Step Functions supports CSV headers of up to 10 KiB");
        assertThatCode(() -> read(getObject("fits.csv", CSV))).doesNotThrowAnyException();
    }

    @Test
    void a_bad_csv_configuration_fails_with_what_is_wrong() {
        s3.object("data", "a.csv", "a\n1\n");
        fails(getObject("a.csv", "{'InputType': 'CSV', 'CSVHeaderLocation': 'GIVEN'}"),
                "ReaderConfig CSVHeaderLocation GIVEN needs CSVHeaders, a non-empty array of strings");
        fails(getObject("a.csv", "{'InputType': 'CSV', 'CSVHeaders': ['a']}"),
                "ReaderConfig CSVHeaders needs CSVHeaderLocation GIVEN");
        fails(getObject("a.csv", "{'InputType': 'CSV', 'CSVHeaderLocation': 'LAST_ROW'}"),
                "ReaderConfig CSVHeaderLocation must be one of FIRST_ROW, GIVEN, not LAST_ROW");
        fails(getObject("a.csv", "{'InputType': 'CSV', 'CSVDelimiter': 'COLON'}"),
                "ReaderConfig CSVDelimiter must be one of COMMA, PIPE, SEMICOLON, SPACE, TAB, not COLON");
        fails(getObject("a.csv", "{'InputType': 'CSV', 'CSVHeaderLocation': 'GIVEN', 'CSVHeaders': [1]}"),
                "ReaderConfig CSVHeaders must be strings, not 1");
    }

    @Test
    void an_unterminated_quote_fails_the_reader() {
        s3.object("data", "open.csv", "a,b\n1,\"2\n");
        assertThatThrownBy(() -> read(getObject("open.csv", CSV))).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
            assertThat(e.cause()).startsWith("The CSV file open.csv cannot be parsed: ").contains("EOF");
        });
    }

    @Test
    void a_json_object_yields_its_values_and_an_items_pointer_selects_a_nested_array() throws StatesError {
        s3.object("data", "o.json", q("{'a': {'x': 1}, 'b': {'x': 2}, 'inventory': {'featured': [3, 4]}}"));
        assertThat(read(getObject("o.json", "{'InputType': 'JSON', 'MaxItems': 2}"))).isEqualTo(q("[{'x':1},{'x':2}]"));
        assertThat(read(getObject("o.json", "{'ItemsPointer': '/inventory/featured'}"))).isEqualTo("[3,4]");
        assertThat(read(getObject("o.json", "{'ItemsPointer': ''}"))).startsWith(q("[{'x':1},"));
    }

    @Test
    void a_json_dataset_that_is_not_an_array_or_object_fails_as_non_iterable() {
        s3.object("data", "s.json", q("{'records': 123}")).object("data", "n.json", "42");
        fails(getObject("s.json", "{'ItemsPointer': '/records'}"), "Attempting to map over non-iterable node.");
        fails(getObject("n.json", "{}"), "Attempting to map over non-iterable node.");
        fails(getObject("s.json", "{'ItemsPointer': '/missing'}"),
                "The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON structure.");
        fails(getObject("s.json", "{'ItemsPointer': 'records'}"), "ReaderConfig ItemsPointer is not a JSON Pointer: records");
    }

    @Test
    void a_malformed_or_empty_json_file_fails_the_reader() {
        s3.object("data", "bad.json", "[1, 2").object("data", "two.json", "[1] [2]").object("data", "empty.json", " ");
        assertThatThrownBy(() -> read(getObject("bad.json", "{}"))).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).startsWith("The JSON file bad.json is not valid JSON: "));
        assertThatThrownBy(() -> read(getObject("two.json", "{}"))).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).startsWith("The JSON file two.json is not valid JSON: "));
        fails(getObject("empty.json", "{}"), "The JSON file empty.json is empty");
    }

    @Test
    void a_json_lines_file_reads_one_value_per_line_skipping_blank_lines() throws StatesError {
        s3.object("data", "f.jsonl", q("{'verdict': 'true'}\n\n  \n[1]\r\n'text'\n"));
        assertThat(read(getObject("f.jsonl", "{'InputType': 'JSONL'}"))).isEqualTo(q("[{'verdict':'true'},[1],'text']"));
        assertThat(read(getObject("f.jsonl", "{'InputType': 'JSONL', 'MaxItems': 1}"))).isEqualTo(q("[{'verdict':'true'}]"));
    }

    @Test
    void a_bad_json_line_fails_the_reader_with_its_line_number() {
        s3.object("data", "f.jsonl", "{\"a\": 1}\n\n{\"a\": \n");
        assertThatThrownBy(() -> read(getObject("f.jsonl", "{'InputType': 'JSONL'}")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause())
                        .startsWith("Line 3 of the JSON Lines file f.jsonl is not valid JSON: "));
    }
}
