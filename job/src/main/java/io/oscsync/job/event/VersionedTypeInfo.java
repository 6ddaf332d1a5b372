package io.oscsync.job.event;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink to use one of our serializers for a type (never Kryo). */
public final class VersionedTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final VersionedTypeInfo<ChangeEvent> CHANGE_EVENT =
            new VersionedTypeInfo<>(ChangeEvent.class, ChangeEventSerializer.INSTANCE);
    public static final VersionedTypeInfo<SinkOp> SINK_OP =
            new VersionedTypeInfo<>(SinkOp.class, SinkOpSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    public VersionedTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override
    @Deprecated
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return "Versioned<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedTypeInfo<?> v && v.type == type && v.serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof VersionedTypeInfo;
    }
}
