import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Trainer')
export class TrainerType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [String], { description: 'argv run by the training worker, with the spec file path appended; never a shell line.' })
  command!: string[];
  @Field(() => Int) timeoutSeconds!: number;
  @Field(() => Int, { description: '1 when first registered; each change of command or timeout adds 1.' }) version!: number;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() updatedBy!: string;
  @Field() updatedAt!: Date;
}

@InputType()
export class RegisterTrainerInput {
  @Field({ description: 'Lower-case letters, digits, ".", "_" or "-"; "builtin:" is reserved.' }) name!: string;
  @Field(() => [String], {
    description: 'argv: an absolute path to an executable or a program name on the worker PATH, then its arguments.',
  })
  command!: string[];
  @Field(() => Int, { description: 'The trainer is killed after this many seconds.' }) timeoutSeconds!: number;
}
