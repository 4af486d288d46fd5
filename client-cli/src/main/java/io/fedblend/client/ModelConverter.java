package io.fedblend.client;

import io.fedblend.shared.model.ModelSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --model cnn|mlp}; an unknown name is a usage error listing the known ones. */
public class ModelConverter implements ITypeConverter<ModelSpec> {
    @Override
    public ModelSpec convert(String value) {
        try {
            return ModelSpec.byName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
