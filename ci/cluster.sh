#!/usr/bin/env bash
# Stage 4, cluster: a Spark standalone master and two workers as separate JVMs on loopback, from
# the Spark jars Maven resolved; the spark-submit jar submitted through SparkSubmit (client mode)
# runs a demo day on a local lakehouse and on s3a:// (s3proxy). See ClusterIT.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_its 'ClusterIT'
