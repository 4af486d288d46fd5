package io.fedblend.client.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundTableTest {

    private static String render(String json) throws Exception {
        return RoundTable.render(new ObjectMapper().readTree(json));
    }

    @Test
    void knownColumnsComeFirstAndMissingFieldsStayBlank() throws Exception {
        String table = render("""
                [{"bytes":{"in":10,"out":20},"accuracy":0.91,"round":1},
                 {"round":2,"accuracy":0.925,"note":"late","alpha":0.5}]""");

        assertEquals(List.of(
                "round   alpha  accuracy  bytes.in  bytes.out  note",
                "    1            0.9100        10         20",
                "    2  0.5000    0.9250                       late"), table.lines().toList());
    }

    @Test
    void roundsMayComeWrappedInAnObject() throws Exception {
        assertEquals(List.of("round", "    4"), render("{\"rounds\":[{\"round\":4}]}").lines().toList());
    }

    @Test
    void emptyHistorySaysSo() throws Exception {
        assertEquals("no rounds recorded yet\n", render("[]"));
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> render("{\"message\":\"hello\"}"));
    }
}
