import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ColumnSchema')
export class ColumnSchemaType {
  @Field() name!: string;
  @Field({ description: 'number, string or boolean' }) type!: string;
  @Field(() => Int) nullCount!: number;
  @Field(() => Int) distinctCount!: number;
}

@ObjectType('DatasetVersion')
export class DatasetVersionType {
  @Field(() => ID) id!: string;
  @Field() datasetName!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'SHA-256 of the file bytes: the version is content-addressed.' }) contentSha256!: string;
  @Field() format!: string;
  @Field() sourceUri!: string;
  @Field(() => Int) rowCount!: number;
  @Field(() => Number) byteSize!: number;
  @Field(() => [ColumnSchemaType]) schema!: ColumnSchemaType[];
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
}

@InputType()
export class RegisterDatasetInput {
  @Field() name!: string;
  @Field({ description: 'A path or file:// URL of a CSV or JSON-lines file inside a configured data root.' }) uri!: string;
  @Field({ nullable: true }) description?: string;
}
