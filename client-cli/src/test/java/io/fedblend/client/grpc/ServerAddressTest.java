package io.fedblend.client.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void readsTheUsualForms() {
        assertEquals(new ServerAddress("fl.example.org", 443), ServerAddress.parse("fl.example.org:443"));
        assertEquals(new ServerAddress("localhost", 8080), ServerAddress.parse("localhost"));
        assertEquals(new ServerAddress("::1", 9000), ServerAddress.parse("[::1]:9000"));
        assertEquals(new ServerAddress("10.0.0.5", 8080), ServerAddress.parse("http://10.0.0.5:8080/"));
        assertEquals("[::1]:9000", ServerAddress.parse("[::1]:9000").toString());
    }

    @Test
    void badPortsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerAddress.parse("host:70000"));
        assertTrue(e.getMessage().contains("port '70000'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(":8080"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("::1:8080"));
    }
}
