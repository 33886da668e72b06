"""The kubernetes client's models the DAGs build: keyword arguments kept as attributes."""


class _Model:
    _fields = ()

    def __init__(self, **kwargs):
        unknown = set(kwargs) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(unknown)}")
        self.__dict__.update(kwargs)


class V1Volume(_Model):
    _fields = ("name", "config_map", "secret", "persistent_volume_claim", "empty_dir")


class V1ConfigMapVolumeSource(_Model):
    _fields = ("name", "items", "optional")


class V1VolumeMount(_Model):
    _fields = ("name", "mount_path", "read_only", "sub_path")
