/**
 * rondo schemas ↔ Arrow schemas.
 */
import * as arrow from 'apache-arrow';
import type { DataType, Field, Schema } from '../types.js';
import { SourceError } from '../errors.js';

/** How utf8 columns are written: dictionary-encoded (the default, zero-copy codes) or plain Utf8. */
export interface ArrowWriteOptions {
  readonly utf8?: 'dictionary' | 'plain';
}

/** The Arrow type that stores a rondo type (utf8 as Dictionary<Utf8, Int32> unless asked plain). */
export function arrowTypeFor(type: DataType, opts?: ArrowWriteOptions): arrow.DataType {
  switch (type) {
    case 'bool':
      return new arrow.Bool();
    case 'int32':
      return new arrow.Int32();
    case 'int64':
      return new arrow.Int64();
    case 'float64':
      return new arrow.Float64();
    case 'utf8':
      return opts?.utf8 === 'plain' ? new arrow.Utf8() : new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    case 'date':
      return new arrow.DateDay();
    case 'timestamp':
      return new arrow.TimestampMillisecond();
    case 'null':
      return new arrow.Null();
  }
}

/** The Arrow schema of a rondo schema. */
export function schemaToArrow(schema: Schema, opts?: ArrowWriteOptions): arrow.Schema {
  return new arrow.Schema(schema.map((f) => new arrow.Field(f.name, arrowTypeFor(f.type, opts), f.nullable)));
}

/** The rondo type that reads an Arrow type; a SourceError naming the field for anything else. */
export function typeFromArrow(t: arrow.DataType, fieldName: string): DataType {
  switch (t.typeId) {
    case arrow.Type.Bool:
      return 'bool';
    case arrow.Type.Int: {
      const it = t as arrow.Int;
      if (it.bitWidth === 64) {
        if (it.isSigned) return 'int64';
        break;
      }
      if (it.bitWidth === 32) return it.isSigned ? 'int32' : 'int64';
      return 'int32';
    }
    case arrow.Type.Float:
      return 'float64';
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return 'utf8';
    case arrow.Type.Dictionary: {
      const d = t as arrow.Dictionary;
      const vt = d.dictionary.typeId;
      if (vt === arrow.Type.Utf8 || vt === arrow.Type.LargeUtf8) return 'utf8';
      break;
    }
    case arrow.Type.Date:
      return 'date';
    case arrow.Type.Timestamp:
      return 'timestamp';
    case arrow.Type.Null:
      return 'null';
    default:
      break;
  }
  throw new SourceError(`column ${fieldName} has Arrow type ${String(t)}, which rondo does not support (supported: bool, integers, floats, utf8, dictionary of utf8, date, timestamp, null)`, {
    column: fieldName,
    type: String(t),
  });
}

/** The rondo schema of an Arrow schema. */
export function schemaFromArrow(s: arrow.Schema): Schema {
  return s.fields.map((f): Field => ({ name: f.name, type: typeFromArrow(f.type, f.name), nullable: f.nullable }));
}
