import type { ColumnSchema } from '../../../domain/dataset';
import { SliceRouter } from '../slice-router';
import type { TableSlice } from '../table';
import { ColumnProfiler } from './column-profiler';

export interface TableProfile {
  rowCount: number;
  schema: ColumnSchema[];
}

/** Types and profiles every column of a table from its slices, holding no more than one slice. */
export class TableProfiler {
  private readonly router = new SliceRouter((declaredType) => new ColumnProfiler(declaredType));

  add(slice: TableSlice): void {
    this.router.add(slice);
  }

  finish(): TableProfile {
    const { rowCount, columns } = this.router.finish();
    return { rowCount, schema: columns.map(([name, profiler]) => profiler.finish(name)) };
  }
}
