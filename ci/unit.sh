#!/usr/bin/env bash
# Stage 2, unit: every *Test (surefire, one shared local[2] SparkSession per module JVM).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"${MVN[@]}" verify -DskipITs -Dspotless.check.skip -Dballast.local
