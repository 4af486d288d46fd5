package io.fedblend.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void mapsPlatformUrlOntoJdbcUrlUserAndPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://fed:s3cret@db.example.com:6543/fedblend");

        assertEquals("jdbc:postgresql://db.example.com:6543/fedblend", url.jdbcUrl());
        assertEquals(Optional.of("fed"), url.username());
        assertEquals(Optional.of("s3cret"), url.password());
    }

    @Test
    void acceptsPostgresqlSchemeInAnyCase() {
        assertEquals("jdbc:postgresql://h:5433/d", DatabaseUrl.parse("postgresql://u:p@h:5433/d").jdbcUrl());
        assertEquals("jdbc:postgresql://h:5433/d", DatabaseUrl.parse("PostgreSQL://u:p@h:5433/d").jdbcUrl());
    }

    @Test
    void defaultsMissingPortTo5432() {
        assertEquals("jdbc:postgresql://db:5432/fedblend", DatabaseUrl.parse("postgres://u:p@db/fedblend").jdbcUrl());
    }

    @Test
    void decodesPercentEncodedPasswordKeepingPlusLiteral() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://fed:p%40ss%3Aw%2Fo%25rd+1%C3%A9@db:5432/fedblend");

        assertEquals(Optional.of("p@ss:w/o%rd+1é"), url.password());
        assertEquals(Optional.of("fed"), url.username());
    }

    @Test
    void decodesPercentEncodedUserName() {
        assertEquals(Optional.of("team@fed"), DatabaseUrl.parse("postgres://team%40fed:x@db/fedblend").username());
    }

    @Test
    void toleratesUnencodedAtSignInPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://fed:p@ss@db:5432/fedblend");

        assertEquals(Optional.of("p@ss"), url.password());
        assertEquals("jdbc:postgresql://db:5432/fedblend", url.jdbcUrl());
    }

    @Test
    void keepsSslmodeOnTheJdbcUrl() {
        assertEquals("jdbc:postgresql://db:5432/fedblend?sslmode=require",
                DatabaseUrl.parse("postgres://u:p@db/fedblend?sslmode=require").jdbcUrl());
    }

    @Test
    void acceptsComposeStyleHostNamesWithUnderscores() {
        assertEquals("jdbc:postgresql://fedblend_db:5432/fedblend",
                DatabaseUrl.parse("postgres://u:p@fedblend_db/fedblend").jdbcUrl());
    }

    @Test
    void acceptsBracketedIpv6Host() {
        assertEquals("jdbc:postgresql://[fd12::1]:5432/fedblend",
                DatabaseUrl.parse("postgres://u:p@[fd12::1]:5432/fedblend").jdbcUrl());
        assertEquals("jdbc:postgresql://[::1]:5432/fedblend",
                DatabaseUrl.parse("postgres://u:p@[::1]/fedblend").jdbcUrl());
    }

    @Test
    void leavesCredentialsUnsetWhenUrlHasNone() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://db:5432/fedblend");

        assertEquals("jdbc:postgresql://db:5432/fedblend", url.jdbcUrl());
        assertEquals(Optional.empty(), url.username());
        assertEquals(Optional.empty(), url.password());
    }

    @Test
    void leavesPasswordUnsetWhenOnlyUserIsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://fed@db/fedblend");

        assertEquals(Optional.of("fed"), url.username());
        assertEquals(Optional.empty(), url.password());
    }

    @Test
    void takesJdbcUrlAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/fedblend?user=x");

        assertEquals("jdbc:postgresql://db:5432/fedblend?user=x", url.jdbcUrl());
        assertEquals(Optional.empty(), url.username());
    }

    @Test
    void rejectsOtherSchemesNamingTheVariable() {
        String message = rejection("mysql://u:p@db:3306/fedblend");

        assertTrue(message.startsWith("DATABASE_URL is not a usable PostgreSQL URL"), message);
        assertTrue(message.contains("does not start with postgres:// or postgresql://"), message);
    }

    @Test
    void rejectsPlainHostAndPort() {
        assertTrue(rejection("db:5432").contains("does not start with postgres://"));
    }

    @Test
    void rejectsMissingDatabaseName() {
        assertTrue(rejection("postgres://u:p@db:5432").contains("database name is missing"));
        assertTrue(rejection("postgres://u:p@db:5432/").contains("database name is missing"));
    }

    @Test
    void rejectsNonNumericPort() {
        assertTrue(rejection("postgres://u:p@db:pg/fedblend").contains("the port 'pg' is not a number"));
    }

    @Test
    void rejectsPortOutOfRange() {
        assertTrue(rejection("postgres://u:p@db:70000/fedblend").contains("outside 1-65535"));
        assertTrue(rejection("postgres://u:p@db:0/fedblend").contains("outside 1-65535"));
    }

    @Test
    void rejectsMissingHost() {
        assertTrue(rejection("postgres://u:p@:5432/fedblend").contains("the host is missing"));
    }

    @Test
    void rejectsSeveralHosts() {
        assertTrue(rejection("postgres://u:p@db1:5432,db2:5432/fedblend").contains("is not a number"));
        assertTrue(rejection("postgres://u:p@db1,db2/fedblend").contains("'db1,db2' is not a valid host name"));
    }

    @Test
    void rejectsBrokenPercentEscapeInPassword() {
        String message = rejection("postgres://u:100%sure@db/fedblend");

        assertTrue(message.contains("the password has a '%' that is not followed by two hex digits"), message);
    }

    @Test
    void rejectsPercentEscapesThatAreNotUtf8() {
        assertTrue(rejection("postgres://u:%FF@db/fedblend").contains("not valid UTF-8"));
    }

    @Test
    void rejectsFragmentFromUnencodedHash() {
        assertTrue(rejection("postgres://u:a#b@db/fedblend").contains("'#'"));
    }

    @Test
    void rejectsEmptyUserName() {
        assertTrue(rejection("postgres://:secret@db/fedblend").contains("user name before '@' is empty"));
    }

    @Test
    void errorMessagesNeverShowThePassword() {
        String message = rejection("postgres://fed:TopSecret99@db:notaport/fedblend");

        assertFalse(message.contains("TopSecret99"), message);
        assertTrue(message.contains("'postgres://fed:****@db:notaport/fedblend'"), message);
    }

    @Test
    void masksEverythingBetweenUserAndLastAtSign() {
        assertEquals("postgres://fed:****@db/x", DatabaseUrl.masked("postgres://fed:p@ss@db/x"));
        assertEquals("postgres://db/x", DatabaseUrl.masked("postgres://db/x"));
    }

    private static String rejection(String value) {
        return assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(value)).getMessage();
    }
}
