import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('slack_user')
export class SlackUserEntity {
  @PrimaryColumn('text', { name: 'slack_user_id' }) slackUserId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'mapped_by' }) mappedBy!: string;
  @CreateDateColumn({ name: 'mapped_at', type: 'timestamptz' }) mappedAt!: Date;
}
