package io.ballast.features.lakehouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code ballast} catalog: every Delta table under {@code <lakehouse>/tables/} is a table of
 * this catalog, by its folder name. The lakehouse folder is the only state, so any number of
 * processes (a pipeline run and {@code ballast sql} at once) share it without a metastore, and a
 * new process sees every table without registering anything. Table loading is delegated to Delta's
 * own path-based tables, so time travel ({@code VERSION AS OF}) works as usual.
 */
public final class LakehouseCatalog implements TableCatalog {
  public static final String ROOT_OPTION = "root";

  private String name;
  private String root;
  private String tablesRoot;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    String root = options.get(ROOT_OPTION);
    if (root == null) {
      throw new IllegalStateException(
          "catalog " + catalogName + " needs option spark.sql.catalog." + catalogName + ".root");
    }
    Lakehouse lakehouse = Lakehouse.at(root);
    this.root = lakehouse.root();
    this.tablesRoot = lakehouse.tablesRoot();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    requireRootNamespace(namespace);
    List<Identifier> out = new ArrayList<>();
    try {
      for (String t : tableNames(fs(), new Path(tablesRoot))) {
        out.add(Identifier.of(new String[0], t));
      }
    } catch (IOException e) {
      throw LakehouseTables.storageFailure(root, e);
    }
    return out.toArray(new Identifier[0]);
  }

  /** Folder names under {@code tablesRoot} that hold a Delta log, sorted. */
  static List<String> tableNames(FileSystem fs, Path tablesRoot) throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(tablesRoot)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(tablesRoot)) {
      if (st.isDirectory() && fs.exists(new Path(st.getPath(), "_delta_log"))) {
        out.add(st.getPath().getName());
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    return delta().loadTable(pathIdent(requireExisting(ident)));
  }

  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    return delta().loadTable(pathIdent(requireExisting(ident)), version);
  }

  @Override
  public Table loadTable(Identifier ident, long timestamp) throws NoSuchTableException {
    return delta().loadTable(pathIdent(requireExisting(ident)), timestamp);
  }

  @Override
  public Table createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    requireRootNamespace(ident.namespace());
    if (tableExists(ident)) {
      throw new TableAlreadyExistsException(ident);
    }
    return delta().createTable(pathIdent(ident), schema, partitions, properties);
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) throws NoSuchTableException {
    return delta().alterTable(pathIdent(requireExisting(ident)), changes);
  }

  @Override
  public boolean dropTable(Identifier ident) {
    if (ident.namespace().length != 0 || !tableExists(ident)) {
      return false;
    }
    try {
      return fs().delete(new Path(path(ident)), true);
    } catch (IOException e) {
      throw LakehouseTables.storageFailure(root, e);
    }
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw new UnsupportedOperationException(
        "Cannot rename lakehouse tables: a table's name is its folder. Copy it with CREATE TABLE"
            + " ballast.new AS SELECT * FROM ballast.old, then DROP TABLE ballast.old.");
  }

  @Override
  public boolean tableExists(Identifier ident) {
    if (ident.namespace().length != 0) {
      return false;
    }
    try {
      return fs().exists(new Path(path(ident), "_delta_log"));
    } catch (IOException e) {
      throw LakehouseTables.storageFailure(root, e);
    }
  }

  private Identifier requireExisting(Identifier ident) throws NoSuchTableException {
    if (!tableExists(ident)) {
      throw new NoSuchTableException(ident);
    }
    return ident;
  }

  private void requireRootNamespace(String[] namespace) throws NoSuchNamespaceException {
    if (namespace.length != 0) {
      throw new NoSuchNamespaceException(namespace);
    }
  }

  private String path(Identifier ident) {
    return tablesRoot + "/" + ident.name();
  }

  private Identifier pathIdent(Identifier ident) {
    return Identifier.of(new String[] {"delta"}, path(ident));
  }

  private static TableCatalog delta() {
    return (TableCatalog) SparkSession.active().sessionState().catalogManager().v2SessionCatalog();
  }

  private FileSystem fs() {
    Configuration conf = SparkSession.active().sessionState().newHadoopConf();
    try {
      return new Path(tablesRoot).getFileSystem(conf);
    } catch (IOException e) {
      throw LakehouseTables.storageFailure(root, e);
    }
  }
}
