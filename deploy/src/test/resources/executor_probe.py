# Starts a Spark driver in client mode (the master and every setting come from spark-submit) and
# keeps it up until the file named by the first argument exists, at most two minutes: long enough
# for the driver to ask the Kubernetes API for its first executor pod.
import os
import sys
import time

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
deadline = time.time() + 120
while not os.path.exists(sys.argv[1]) and time.time() < deadline:
    time.sleep(0.2)
spark.stop()
