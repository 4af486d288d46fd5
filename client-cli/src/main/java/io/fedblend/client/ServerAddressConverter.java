package io.fedblend.client;

import io.fedblend.client.grpc.ServerAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --server-address HOST:PORT}; a malformed address is a usage error naming it. */
public class ServerAddressConverter implements ITypeConverter<ServerAddress> {
    @Override
    public ServerAddress convert(String value) {
        try {
            return ServerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
