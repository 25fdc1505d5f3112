# Sourced by the bench/device scripts on the GPU machine: `. bench/device/device-env.sh LOG` sends everything the
# script prints to $OUT/LOG (and the console), unpacks the carried JRE to /tmp/jre and sets J to its java command
# with the flags infer needs. OUT defaults to /tmp/out; /tmp/m is the scratch folder for synthesized models.
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT" /tmp/m
exec > >(tee -a "$OUT/$1") 2>&1
xz -dc .carry/jre.tar.xz | tar xf - -C /tmp
J="/tmp/jre/bin/java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector"
