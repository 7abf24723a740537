import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('SlackUser', { description: 'A Slack account linked to a Provenant name, whose API token gives its role.' })
export class SlackUserType {
  @Field({ description: 'The Slack user id, e.g. U0123ABCD.' }) slackUserId!: string;
  @Field({ description: 'The Provenant name (as in PROVENANT_API_TOKENS) it acts as.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'The role of the API token with this name; null: no such token, so Slack refuses this user.' })
  role!: string | null;
  @Field({ description: 'MAPPED (by an admin, mapSlackUser) or CONFIG (PROVENANT_SLACK_USERS); a mapping wins over the configuration.' })
  source!: 'MAPPED' | 'CONFIG';
  @Field(() => String, { nullable: true, description: 'The admin who linked it; null for CONFIG.' }) mappedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was linked; null for CONFIG.' }) mappedAt!: Date | null;
}
