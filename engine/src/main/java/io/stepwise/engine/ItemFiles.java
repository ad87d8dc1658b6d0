package io.stepwise.engine;

import static io.stepwise.engine.ItemReaders.failed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.StatesError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One object's bytes as items, by {@link ItemSource.Format}: a JSON array or object, JSON Lines, or a text delimited
 * file after AWS's rules ("How Step Functions parses input CSV files"): the header's names are the item's keys and
 * every value a string, a short row padded with {@code ""}, a long row's extra fields dropped, duplicate names
 * refused, headers of up to 10 KiB. Quotes and backslash escapes are Apache Commons CSV's, which departs from AWS in
 * two corners: a backslash before a character other than itself, a quote or the delimiter is kept (AWS drops it),
 * and a doubled quote inside an unquoted field stays doubled (AWS reads one quote).
 */
final class ItemFiles {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final int MAX_HEADER_BYTES = 10 * 1024;

    private ItemFiles() {}

    static void read(byte[] bytes, String key, ItemSource.Format format, ItemReaders.Items items) throws StatesError {
        switch (format) {
            case ItemSource.JsonFile f -> json(bytes, key, f, items);
            case ItemSource.JsonLines l -> jsonLines(bytes, key, items);
            case ItemSource.Csv c -> csv(bytes, key, c.delimiter(), c.headers(), items);
            case ItemSource.Parquet p -> throw failed("Stepwise does not read Parquet files (InputType PARQUET): " + key);
        }
    }

    private static void json(byte[] bytes, String key, ItemSource.JsonFile file, ItemReaders.Items items)
            throws StatesError {
        JsonNode doc;
        try {
            doc = JSON.readTree(bytes);
        } catch (IOException e) {
            throw failed("The JSON file " + key + " is not valid JSON: " + message(e));
        }
        if (doc.isMissingNode()) throw failed("The JSON file " + key + " is empty");
        if (file.itemsPointer().isPresent()) {
            doc = doc.at(file.itemsPointer().get());
            // floci's wording (its tests of ItemsPointer); AWS's own is not published
            if (doc.isMissingNode()) {
                throw failed("The provided ReaderConfig.ItemsPointer does not match any valid path in the JSON structure.");
            }
        }
        // the cause LocalStack's AWS-validated test_map_item_reader_json_no_json_list_object recorded (in 2023, for an
        // object: the guide now says "The JSON file must contain an array or JSON object", so an object is read)
        if (!doc.isArray() && !doc.isObject()) throw failed("Attempting to map over non-iterable node.");
        for (JsonNode item : doc) {   // an object's items are its values, as for ItemsPath (its keys are not kept)
            if (items.full()) return;
            items.add(item, bytes.length);
        }
    }

    private static void jsonLines(byte[] bytes, String key, ItemReaders.Items items) throws StatesError {
        int number = 0;
        for (Iterator<String> lines = new String(bytes, UTF_8).lines().iterator(); lines.hasNext() && !items.full(); ) {
            String line = lines.next();
            number++;
            if (line.isBlank()) continue;
            try {
                items.add(JSON.readTree(line), line.length());
            } catch (JsonProcessingException e) {
                throw failed("Line " + number + " of the JSON Lines file " + key + " is not valid JSON: " + message(e));
            }
        }
    }

    /** A text delimited file; {@code given} headers (CSVHeaderLocation GIVEN), or those of its first row. */
    static void csv(byte[] bytes, String key, char delimiter, Optional<List<String>> given, ItemReaders.Items items)
            throws StatesError {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setEscape('\\').get();
        try (CSVParser parser = CSVParser.parse(new String(bytes, UTF_8), format)) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (given.isEmpty() && !rows.hasNext()) return;
            List<String> headers = given.isPresent() ? given.get() : rows.next().toList();
            checkHeaders(headers, delimiter);
            while (!items.full() && rows.hasNext()) {
                CSVRecord row = rows.next();
                ObjectNode item = JSON.createObjectNode();
                for (int i = 0; i < headers.size(); i++) item.put(headers.get(i), i < row.size() ? row.get(i) : "");
                items.add(item, bytes.length);
            }
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            throw failed("The CSV file " + key + " cannot be parsed: " + cause.getMessage());
        }
    }

    private static void checkHeaders(List<String> headers, char delimiter) throws StatesError {
        int bytes = String.join(String.valueOf(delimiter), headers).getBytes(UTF_8).length;
        if (bytes > MAX_HEADER_BYTES) {
            throw failed("The CSV header is " + bytes + " bytes: Step Functions supports CSV headers of up to 10 KiB");
        }
        // LocalStack's AWS-validated test_map_item_reader_csv_headers_decl_duplicate_headers records this cause
        if (new HashSet<>(headers).size() < headers.size()) throw failed("CSV headers cannot contain duplicates.");
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
