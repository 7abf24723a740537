import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Trainer', { description: 'An external training program an admin registered; pipelines pick it by name.' })
export class TrainerType {
  @Field(() => ID, { description: "The trainer's id." }) id!: string;
  @Field({ description: 'What StartModelPipelineInput.trainer names.' }) name!: string;
  @Field(() => [String], { description: 'argv run by the training worker, with the spec file path appended; never a shell line.' })
  command!: string[];
  @Field(() => Int, { description: 'The training worker kills it after this many seconds.' }) timeoutSeconds!: number;
  @Field(() => Int, { description: '1 when first registered; each change of command or timeout adds 1.' }) version!: number;
  @Field({ description: 'The admin who registered it first.' }) createdBy!: string;
  @Field({ description: 'When it was first registered.' }) createdAt!: Date;
  @Field({ description: 'The admin who registered the current version.' }) updatedBy!: string;
  @Field({ description: 'When the current version was registered.' }) updatedAt!: Date;
}

@InputType({ description: 'An external trainer to register or replace (admins only: its command runs on the training workers).' })
export class RegisterTrainerInput {
  @Field({ description: 'Lower-case letters, digits, ".", "_" or "-"; "builtin:" is reserved.' }) name!: string;
  @Field(() => [String], {
    description: 'argv: an absolute path to an executable or a program name on the worker PATH, then its arguments.',
  })
  command!: string[];
  @Field(() => Int, { description: 'The trainer is killed after this many seconds.' }) timeoutSeconds!: number;
}
